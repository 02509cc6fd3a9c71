"""Calendar feeds (ICS) of the registry: evidence expiry dates and the dates the facts give."""
