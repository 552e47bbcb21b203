#ifndef WARROOM_PEER_CREDENTIALS_H
#define WARROOM_PEER_CREDENTIALS_H
#include <stdint.h>

/// The uid and pid of the process at the other end of a Unix socket, as the
/// kernel knows them (SO_PEERCRED). Returns 0 on success, -1 with errno set.
int warroom_peer_credentials(int fd, uint32_t *uid, int32_t *pid);

#endif
