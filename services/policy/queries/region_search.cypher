// Region search for a picker: the name contains $q, or the code is $q. Groupings (市辖区, 县 …) are
// statistical units, not places a person picks, so they are left out. Ranked: exact name or code, then
// name prefix, then by level (national, province, city, county), then by code. 3,430 nodes: a label
// scan costs a few milliseconds, so no index is needed.
MATCH (r:Region)
WHERE NOT coalesce(r.grouping, false)
  AND ($level IS NULL OR r.level = $level)
  AND (r.code = $q OR r.name CONTAINS $q)
WITH r,
     CASE WHEN r.code = $q OR r.name = $q THEN 0 WHEN r.name STARTS WITH $q THEN 1 ELSE 2 END AS match,
     CASE r.level WHEN 'national' THEN 0 WHEN 'province' THEN 1 WHEN 'city' THEN 2 ELSE 3 END AS depth
ORDER BY match, depth, r.code
WITH collect(r {.code, .name, .level, .fullName}) AS found
RETURN size(found) AS total, found[0..$limit] AS items
