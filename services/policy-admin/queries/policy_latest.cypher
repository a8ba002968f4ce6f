// A policy's latest version (null before its first publication) and any scheduled (not yet effective) version.
MATCH (p:Policy {id: $id})
OPTIONAL MATCH (p)-[:HAS_VERSION]->(v:PolicyVersion {version: p.latestVersion})
RETURN p.id AS id, p.latestVersion AS latestVersion,
       v {.version, .title, .body, .summaries, .rules, .eligibility, .effectiveFrom} AS latest
