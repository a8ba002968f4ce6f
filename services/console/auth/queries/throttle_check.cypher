// The seconds until each key may try again (0 when it may), over its current window.
UNWIND $keys AS k
OPTIONAL MATCH (t:SignInThrottle {key: k.key})
WITH k, t,
     CASE WHEN t IS NULL OR t.windowStart + duration({seconds: $windowSeconds}) <= datetime() THEN 0
          ELSE t.failures END AS failures
RETURN k.key AS key,
       CASE WHEN failures >= k.limit
            THEN duration.inSeconds(datetime(), t.windowStart + duration({seconds: $windowSeconds})).seconds + 1
            ELSE 0 END AS retryAfter
