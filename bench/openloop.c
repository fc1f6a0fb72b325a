/* An open-loop HTTP/1.1 load generator: GET requests at a fixed rate, whatever the server does.

   Request i is due at start + i / rate. It goes out on the first idle keep-alive connection; when
   none is idle it waits for one (the backlog), and its latency is still measured from the time it
   was due, so a server that stalls is charged for every request it held up (no coordinated
   omission; wrk2's way). What a closed-loop tool like wrk cannot do: a slow server there lowers
   the offered load, and the requests it never got to send are never counted.

       gcc -O2 -o openloop bench/openloop.c
       ./openloop -r 1000 -d 10 -c 64 [-w 2] [-H 'Authorization: Bearer ...'] \
           http://127.0.0.1:8000/api/feed?kind=latest

   Prints key=value lines: requests, completed, errors (non-2xx, resets, unanswered), the latency
   percentiles in ms (from the due time), the achieved rate, the largest backlog, and this
   program's own CPU time per request. Requests due in the first `-w` seconds warm up and are
   not counted. One thread, epoll; responses must carry Content-Length (no chunked bodies).
*/
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF 65536

typedef struct {
    int fd;
    int busy;
    double due; /* when the request in flight was due */
    int counted;
    size_t have;
    char buf[BUF];
} conn_t;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct addrinfo *target;
static int epfd;

static int open_conn(conn_t *c) {
    int fd = socket(target->ai_family, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    if (connect(fd, target->ai_addr, target->ai_addrlen) < 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    c->fd = fd;
    c->busy = 0;
    c->have = 0;
    return 0;
}

static void drop_conn(conn_t *c) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    c->busy = 0;
    c->have = 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(double *v, long n, double p) {
    if (n == 0) return 0;
    long i = (long)(p / 100.0 * n);
    if (i >= n) i = n - 1;
    return v[i] * 1000.0;
}

/* The length of a whole response at the start of buf (headers + Content-Length body), 0 when
   more bytes are needed, -1 when it cannot be read. `status` gets the status code. */
static long response_length(const char *buf, size_t have, int *status, int *closing) {
    const char *end = memmem(buf, have, "\r\n\r\n", 4);
    if (!end) return have >= BUF ? -1 : 0;
    size_t head = (size_t)(end - buf) + 4;
    if (have < 12 || strncmp(buf, "HTTP/1.", 7) != 0) return -1;
    *status = atoi(buf + 9);
    long length = -1;
    *closing = 0;
    for (const char *line = strstr(buf, "\r\n") + 2; line < end;) {
        const char *eol = strstr(line, "\r\n");
        if (strncasecmp(line, "content-length:", 15) == 0) length = atol(line + 15);
        if (strncasecmp(line, "connection:", 11) == 0 && strcasestr(line, "close") &&
            strcasestr(line, "close") < eol)
            *closing = 1;
        line = eol + 2;
    }
    if (length < 0) length = 0; /* 204 / 304: no body */
    if (head + (size_t)length > BUF) return -1;
    return have >= head + (size_t)length ? (long)(head + length) : 0;
}

int main(int argc, char **argv) {
    double rate = 100, seconds = 10, warmup = 0, grace = 10;
    int nconn = 64;
    char headers[8192] = "";
    int opt;
    while ((opt = getopt(argc, argv, "r:d:c:w:g:H:")) != -1) {
        switch (opt) {
        case 'r': rate = atof(optarg); break;
        case 'd': seconds = atof(optarg); break;
        case 'c': nconn = atoi(optarg); break;
        case 'w': warmup = atof(optarg); break;
        case 'g': grace = atof(optarg); break;
        case 'H':
            if (strlen(headers) + strlen(optarg) + 3 < sizeof headers) {
                strcat(headers, optarg);
                strcat(headers, "\r\n");
            }
            break;
        default:
            fprintf(stderr, "usage: %s -r RATE -d SECONDS -c CONNS [-w WARMUP] [-H HEADER] URL\n",
                    argv[0]);
            return 2;
        }
    }
    if (optind >= argc || strncmp(argv[optind], "http://", 7) != 0) {
        fprintf(stderr, "an http:// URL is needed\n");
        return 2;
    }
    char host[256], port[16] = "80";
    const char *url = argv[optind] + 7;
    const char *path = strchr(url, '/');
    if (!path) path = "/";
    size_t hostlen = (size_t)(path - url);
    if (hostlen >= sizeof host) return 2;
    memcpy(host, url, hostlen);
    host[hostlen] = 0;
    char hostport[256];
    snprintf(hostport, sizeof hostport, "%s", host);
    char *colon = strchr(host, ':');
    if (colon) {
        snprintf(port, sizeof port, "%s", colon + 1);
        *colon = 0;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    if (getaddrinfo(host, port, &hints, &target) != 0) {
        fprintf(stderr, "cannot resolve %s\n", host);
        return 2;
    }
    char request[16384];
    int reqlen = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s\r\n%s\r\n", path,
                          hostport, headers);

    epfd = epoll_create1(0);
    conn_t *conns = calloc((size_t)nconn, sizeof(conn_t));
    for (int i = 0; i < nconn; i++) {
        if (open_conn(&conns[i]) < 0) {
            fprintf(stderr, "cannot connect to %s:%s\n", host, port);
            return 1;
        }
    }
    long total = (long)(rate * (warmup + seconds));
    long skip = (long)(rate * warmup);
    double *lat = calloc((size_t)total + 1, sizeof(double));
    long nlat = 0, errors = 0, completed = 0, dispatched = 0, backlog_max = 0;
    struct epoll_event events[256];
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    double start = now_s() + 0.01;
    double stop_at = start + warmup + seconds + grace;
    long answered = 0;

    for (;;) {
        double t = now_s();
        long due = (long)((t - start) * rate) + 1;
        if (t < start) due = 0;
        if (due > total) due = total;
        if (due - dispatched > backlog_max) backlog_max = due - dispatched;
        /* Send what is due on idle connections, reconnecting dropped ones. */
        for (int i = 0; i < nconn && dispatched < due; i++) {
            conn_t *c = &conns[i];
            if (c->fd < 0 && open_conn(c) < 0) continue;
            if (c->busy) continue;
            c->due = start + dispatched / rate;
            c->counted = dispatched >= skip;
            dispatched++;
            if (write(c->fd, request, (size_t)reqlen) != reqlen) {
                if (c->counted) {
                    errors++;
                    lat[nlat++] = now_s() - c->due;
                }
                answered++;
                drop_conn(c);
                continue;
            }
            c->busy = 1;
        }
        if (answered >= total) break;
        if (t > stop_at) {
            /* Never answered: counted as errors, as slow as the wait was. */
            for (int i = 0; i < nconn; i++)
                if (conns[i].fd >= 0 && conns[i].busy && conns[i].counted) {
                    errors++;
                    lat[nlat++] = t - conns[i].due;
                }
            for (long k = dispatched; k < total; k++)
                if (k >= skip) {
                    errors++;
                    lat[nlat++] = t - (start + k / rate);
                }
            break;
        }
        /* Sleep until the next request is due or a response comes (to the microsecond: a
           millisecond timer would send late or spin). With a backlog, until a response. */
        double wait = dispatched < due ? 0.001 : start + dispatched / rate - t;
        if (dispatched >= total) wait = 0.05;
        if (wait < 0) wait = 0;
        struct timespec ts = {.tv_sec = (time_t)wait, .tv_nsec = (long)((wait - (long)wait) * 1e9)};
        int n = epoll_pwait2(epfd, events, 256, &ts, NULL);
        for (int k = 0; k < n; k++) {
            conn_t *c = events[k].data.ptr;
            ssize_t r = read(c->fd, c->buf + c->have, BUF - c->have);
            if (r <= 0) {
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                if (c->busy) {
                    answered++;
                    if (c->counted) {
                        errors++;
                        lat[nlat++] = now_s() - c->due;
                    }
                }
                drop_conn(c);
                continue;
            }
            c->have += (size_t)r;
            int status = 0, closing = 0;
            long len = response_length(c->buf, c->have, &status, &closing);
            if (len == 0) continue;
            if (c->busy) {
                answered++;
                completed++;
                if (c->counted) {
                    if (len < 0 || status < 200 || status >= 400) errors++;
                    lat[nlat++] = now_s() - c->due;
                }
            }
            if (len < 0 || closing || (size_t)len != c->have) {
                drop_conn(c);
            } else {
                c->have = 0;
                c->busy = 0;
            }
        }
    }
    double took = now_s() - start;
    getrusage(RUSAGE_SELF, &ru1);
    double cpu = (ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) +
                 (ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6 +
                 (ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
                 (ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
    qsort(lat, (size_t)nlat, sizeof(double), cmp_double);
    printf("requests=%ld\n", nlat);
    printf("completed=%ld\n", completed);
    printf("errors=%ld\n", errors);
    printf("target_rate=%.1f\n", rate);
    printf("achieved_rate=%.1f\n", completed / (took > 0 ? took : 1));
    printf("seconds=%.3f\n", took);
    printf("backlog_max=%ld\n", backlog_max);
    printf("p50_ms=%.3f\np90_ms=%.3f\np99_ms=%.3f\np999_ms=%.3f\nmax_ms=%.3f\n", pct(lat, nlat, 50),
           pct(lat, nlat, 90), pct(lat, nlat, 99), pct(lat, nlat, 99.9),
           nlat ? lat[nlat - 1] * 1000 : 0);
    printf("cpu_ms_per_request=%.4f\n", answered ? cpu * 1000 / answered : 0);
    return 0;
}
