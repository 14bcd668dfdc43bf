/* pj-pfm: libpfm4's answers for the supervisor, in a process of their own.
 *
 * Why a separate executable: libpfm4 carries tables of every PMU it knows, about 700 KB of
 * pointers. Linked into the static PIE perfjudge, they are relocated at every start of it,
 * the half of `perfjudge --version`'s time, and every `perfjudge sandbox` paid that whether or
 * not it counted anything (docs/PERFORMANCE.md). Here they cost only the processes that ask,
 * once per event name (counters_perf.cpp keeps the answers). It is linked static and not PIE,
 * so the tables need no relocation at all; it reads nothing but its arguments.
 *
 * Usage and protocol (trusted caller; the names come from the user's own configuration):
 *   pj-pfm encode NAME   exit 0: stdout is exactly sizeof(struct perf_event_attr) bytes, the
 *                        user-level encoding (PFM_PLM3, PFM_OS_PERF_EVENT_EXT);
 *                        exit 3: stdout is libpfm4's reason, one line.
 *   pj-pfm list N        exit 0: "pmu NAME" per detected PMU (" (generic)" appended to the
 *                        software ones), up to N "event PMU::EVENT" lines from the hardware
 *                        PMUs, and last "count C", the events of every detected PMU.
 *   exit 2: bad usage; exit 4: libpfm4 did not initialise (stdout: its reason). */
#define _GNU_SOURCE
#include <perfmon/pfmlib_perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kUsage = 2, kNoEncoding = 3, kNoLibrary = 4 };

static int write_all(const void* data, size_t size) {
  const char* p = data;
  while (size > 0) {
    const ssize_t n = write(STDOUT_FILENO, p, size);
    if (n <= 0) return -1;
    p += n;
    size -= (size_t)n;
  }
  return 0;
}

static int encode(const char* name) {
  struct perf_event_attr attr;
  pfm_perf_encode_arg_t arg;
  memset(&attr, 0, sizeof attr);
  memset(&arg, 0, sizeof arg);
  arg.attr = &attr;
  arg.size = sizeof arg;
  const int rc = pfm_get_os_event_encoding(name, PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
  if (rc != PFM_SUCCESS) {
    printf("libpfm4: %s\n", pfm_strerror(rc));
    return kNoEncoding;
  }
  return write_all(&attr, sizeof attr) == 0 ? 0 : 1;
}

static int list(long sample_size) {
  long count = 0, sampled = 0;
  int pmu = 0;
  pfm_for_all_pmus(pmu) {
    pfm_pmu_info_t info;
    memset(&info, 0, sizeof info);
    info.size = sizeof info;
    if (pfm_get_pmu_info((pfm_pmu_t)pmu, &info) != PFM_SUCCESS || !info.is_present) continue;
    count += info.nevents;
    const int hardware = info.type == PFM_PMU_TYPE_CORE || info.type == PFM_PMU_TYPE_UNCORE;
    printf("pmu %s%s\n", info.name, hardware ? "" : " (generic)");
    /* The sample: the CPU's own events, since the generic ones exist everywhere. */
    for (int e = info.first_event; e != -1 && hardware && sampled < sample_size;
         e = pfm_get_event_next(e)) {
      pfm_event_info_t ev;
      memset(&ev, 0, sizeof ev);
      ev.size = sizeof ev;
      if (pfm_get_event_info(e, PFM_OS_NONE, &ev) == PFM_SUCCESS) {
        printf("event %s::%s\n", info.name, ev.name);
        ++sampled;
      }
    }
  }
  printf("count %ld\n", count);
  return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc != 3 || (strcmp(argv[1], "encode") != 0 && strcmp(argv[1], "list") != 0)) {
    fprintf(stderr, "usage: pj-pfm encode NAME | pj-pfm list N\n");
    return kUsage;
  }
  const int rc = pfm_initialize();
  if (rc != PFM_SUCCESS) {
    printf("libpfm4: %s\n", pfm_strerror(rc));
    return kNoLibrary;
  }
  if (strcmp(argv[1], "encode") == 0) return encode(argv[2]);
  char* end = NULL;
  const long n = strtol(argv[2], &end, 10);
  if (end == argv[2] || *end != '\0' || n < 0) {
    fprintf(stderr, "pj-pfm list: N must be a count, got '%s'\n", argv[2]);
    return kUsage;
  }
  return list(n);
}
