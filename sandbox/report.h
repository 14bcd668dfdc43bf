/* Messages from the sandbox's child side to the supervisor, one fixed-size record per write
 * (smaller than PIPE_BUF, so each write is atomic). Shared by the C init helper and C++.
 * The protocol is FORKED, then at most one EXEC_FAILED, then DONE, each at most once; the
 * supervisor treats anything else as a breach of the sandbox (verdict SECURITY). Only the
 * launcher and the non-dumpable init helper hold the write end: the candidate never does. */
#ifndef PJ_SANDBOX_REPORT_H
#define PJ_SANDBOX_REPORT_H

#include <stdint.h>

enum pj_report_kind {
  PJ_REPORT_SETUP_FAILED = 1, /* step = failing setup step, err = errno */
  PJ_REPORT_FORKED = 2,       /* the candidate process exists and waits for the go byte */
  PJ_REPORT_EXEC_FAILED = 3,  /* err = errno of execvp */
  PJ_REPORT_DONE = 4,         /* status = wait status of the candidate, rusage of the tree */
};

struct pj_report {
  int32_t kind;
  int32_t err;
  int32_t step;
  int32_t status;
  int64_t utime_ns; /* summed over every reaped process of the run */
  int64_t stime_ns;
  int64_t maxrss_kib; /* largest single-process peak among them */
};

/* Setup steps the init helper itself reports with PJ_REPORT_SETUP_FAILED (the launcher's
 * steps are below 100, see launcher.hpp). */
#define PJ_STEP_INIT_DUMPABLE 100

/* File descriptors the init helper receives. */
#define PJ_FD_REPORT 3          /* write end of the report pipe */
#define PJ_FD_GO 4              /* read end of the go pipe: one byte releases the candidate */
#define PJ_FD_CALLS 6           /* optional: the call channel (sandbox.hpp, CallPlan) */
#define PJ_CANDIDATE_CALLS_FD 3 /* where the candidate finds the call channel */

#endif
