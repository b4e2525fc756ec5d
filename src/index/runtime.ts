import os from 'node:os';

/**
 * Settings LanceDB's native core reads once, when it loads: this module is imported before
 * LanceDB. Each is only a default; a value already in the environment wins.
 *
 * - LANCEDB_LOG: by default every search prints a warning about a future column-projection default.
 * - LANCE_CPU_THREADS and LANCE_FTS_NUM_SHARDS: building the full-text index deadlocks when the
 *   shards that produce posting lists hold every thread of LanceDB's CPU pool, because writing
 *   those lists needs a pool thread too (lancedb issue #3568, lance PR #7350 and #7423). The pool
 *   is the core count minus 2 reserved for IO, at least 1, and there is one shard per pool
 *   thread, so on a machine of up to 3 cores the build hangs once the index is large (about
 *   28,000 passages). A pool of at least 2 threads with one shard fewer than threads always
 *   leaves a thread free, on any machine.
 * - RUST_BACKTRACE: a damaged data file makes LanceDB's reader panic; the panic is caught and
 *   comes back as an error the index is rebuilt from, but Rust prints it to standard error
 *   first, with a stack trace of some fifty lines where RUST_BACKTRACE is set (as on many
 *   developer machines). The trace is for LanceDB's developers: shown only at LOG_LEVEL=debug.
 */
process.env.LANCEDB_LOG ??= 'error';
const cpuThreads = Number(process.env.LANCE_CPU_THREADS) || Math.max(2, os.availableParallelism() - 2);
process.env.LANCE_CPU_THREADS ??= String(cpuThreads);
process.env.LANCE_FTS_NUM_SHARDS ??= String(Math.max(1, cpuThreads - 1));
if (!/^(debug|trace)$/i.test(process.env.LOG_LEVEL ?? '')) process.env.RUST_BACKTRACE = '0';
