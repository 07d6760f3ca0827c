/*
 * The lab's sandbox ("pause") process: holds a pod's namespaces, reaps zombies, exits on TERM/INT.
 * With --no-term-handler it installs no TERM/INT handler: as PID 1 of a container it then ignores a
 * SIGTERM sent from inside its PID namespace (a shell-less server without a handler, for the tests).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_term(int sig) { (void)sig; _exit(0); }
static void on_chld(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(int argc, char **argv) {
  struct sigaction term = {0}, chld = {0};
  term.sa_handler = on_term;
  chld.sa_handler = on_chld;
  chld.sa_flags = SA_NOCLDSTOP;
  if (!(argc > 1 && strcmp(argv[1], "--no-term-handler") == 0)) {
    sigaction(SIGTERM, &term, NULL);
    sigaction(SIGINT, &term, NULL);
  }
  sigaction(SIGCHLD, &chld, NULL);
  for (;;) pause();
  return 1;
}
