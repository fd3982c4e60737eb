"""Files to and from domain records (no planning logic here)."""
