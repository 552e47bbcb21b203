// SO_PEERCRED's struct ucred needs _GNU_SOURCE, which Swift's Glibc module does not set.
#define _GNU_SOURCE
#include <sys/socket.h>
#include "peer_credentials.h"

int warroom_peer_credentials(int fd, uint32_t *uid, int32_t *pid) {
    struct ucred credentials;
    socklen_t length = sizeof(credentials);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) {
        return -1;
    }
    *uid = credentials.uid;
    *pid = credentials.pid;
    return 0;
}
