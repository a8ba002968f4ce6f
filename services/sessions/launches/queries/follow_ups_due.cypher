// Follow-up launches whose opening time has come (still scheduled).
MATCH (l:ItemLaunch {status: 'scheduled'})
WHERE l.opensAt <= datetime()
RETURN l.id AS id
LIMIT 100
