/* rss.c - run a command; report its wall time and peak RSS.
 *
 *   rss [-o FILE] COMMAND [ARG ...]
 *
 * The command's stdout goes to FILE (default /dev/null); its stderr is
 * left alone. One line goes to our stdout:
 *
 *   wall_s=1.234567 maxrss_kb=2512 status=0
 *
 * maxrss_kb is the child's ru_maxrss from wait4() (kilobytes on Linux).
 * status is the exit status, or 128+signal. Used by bench/run.sh for wall
 * times (POSIX sh has no sub-second clock) and, when /usr/bin/time is
 * missing, for peak RSS.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *out = "/dev/null";
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "-o") == 0) {
        out = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: rss [-o FILE] COMMAND [ARG ...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("rss: fork");
        return 1;
    }
    if (pid == 0) {
        int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
            perror("rss: output");
            _exit(127);
        }
        close(fd);
        execvp(argv[first], argv + first);
        perror("rss: exec");
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) {
        perror("rss: wait4");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
    printf("wall_s=%.6f maxrss_kb=%ld status=%d\n", wall, ru.ru_maxrss, status);
    return 0;
}
