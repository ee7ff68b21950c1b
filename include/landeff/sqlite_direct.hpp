#pragma once
// SQLite's pages of landeff.gpkg written past the page cache (issue 20).
//
// The GeoPackage's rows go into SQLite on one connection, and SQLite writes its pages with pwrite
// from inside sqlite3_step: every byte copied by the kernel into a newly allocated page-cache page,
// on the one thread that is the write step's critical path. At 5 M parcels (a 7 GB file) perf put
// 16 % of the write step's samples in that copy (about 10 CPU-seconds); on this virtual machine a
// new page also faults on the host (see sequential_file.hpp).
//
// The VFS named by sqlite_direct_vfs() wraps SQLite's default one. For the main database file it
// gathers the pages SQLite writes one after another at the end of what it wrote before into an
// aligned buffer, and a thread of the file's own writes each full buffer with O_DIRECT through a
// second descriptor while SQLite goes on; every other write goes through the page cache as before,
// after the buffers it overlaps are on the disk. Reads see the buffers not yet written (they are
// read from the file, then the buffers' bytes laid over them, under the lock that keeps a buffer
// listed until its write has returned), and the file's size counts them. Journals and other files
// are SQLite's own. The file's bytes are those SQLite writes either way.
//
// Open a database through it only where no other connection of the process has the file open:
// closing its second descriptor drops the process's POSIX locks on the file.
//
// Where the file system refuses O_DIRECT, or with LANDEFF_DIRECT_IO=0, the main database is SQLite's
// own too. A failed write (a full disk) fails the next call on the file with SQLITE_FULL or
// SQLITE_IOERR_WRITE, errno set to the write's.

struct sqlite3;

namespace landeff {

// Registers the VFS (once; not as the default) and returns its name for sqlite3_open_v2.
const char* sqlite_direct_vfs();

// Waits until every run of the connection's main database is on the disk and returns what writing
// them gave: SQLITE_OK, or SQLITE_FULL / SQLITE_IOERR_WRITE with errno set to the failed write's.
// Call it after the last COMMIT: SQLite ignores what closing a file returns, and with
// `synchronous = OFF` nothing else waits for the runs, so a full disk at the last runs would
// otherwise go unnoticed. SQLITE_OK for a database this VFS does not hold.
int sqlite_direct_drain(sqlite3* db);

}  // namespace landeff
