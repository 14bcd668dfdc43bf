/* Tries to connect to 127.0.0.1:argv[1]. Exits 0 if that fails, 1 if it connects. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char** argv) {
  int port = argc > 1 ? atoi(argv[1]) : 80;
  int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) {
    printf("socket failed: %s\n", strerror(errno));
    return 0;
  }
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(s, (struct sockaddr*)&a, sizeof a) != 0) {
    printf("connect failed: %s\n", strerror(errno));
    return 0;
  }
  printf("connected\n");
  return 1;
}
