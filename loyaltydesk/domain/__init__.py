"""Pure rules of the club: no Qt, no SQL. Everything here is tested with plain tables."""
