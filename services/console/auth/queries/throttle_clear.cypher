MATCH (t:SignInThrottle {key: $key})
DETACH DELETE t
