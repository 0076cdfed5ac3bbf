#ifndef PROVHA_CDIRECTIO_H
#define PROVHA_CDIRECTIO_H

/// The open flag of direct I/O (Linux's O_DIRECT: writes go from the caller's buffer to the
/// device, not through the page cache); 0 where the system has none. Glibc's Swift module does
/// not show O_DIRECT (it needs _GNU_SOURCE), and its value differs between architectures.
int provha_direct_io_flag(void);

#endif
