/**
 * LanceDB's native core reads its log level once, when it loads, and by default prints a warning
 * about a column-projection default that changes in a future release on every search. Imported
 * before LanceDB so the setting is in place; an explicit LANCEDB_LOG still wins.
 */
process.env.LANCEDB_LOG ??= 'error';
