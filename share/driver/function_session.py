"""perfjudge's session driver for function tasks (docs/TASK_FORMAT.md, "Function tasks").

    python3 -S -B function_session.py --entry NAME CANDIDATE.py   # call NAME(*args) per request
    python3 -S -B function_session.py --entry NAME --baseline      # the same, minus the call
    python3 -S -B function_session.py --entry NAME --baseline --convert  # each input's marshal

A request is JSON text (pjcodec's) or, after a zero byte (which no JSON text starts with),
the marshal of one (pjcodec.marshalled): the harness has each input converted once per task by
a --convert session, which loads no candidate and answers each request with its marshal (or
with nothing where marshal would not rebuild the value alike), so that each call's window holds
marshal's work instead of the JSON scanner's, a quarter of it over ENAMEL's inputs.

One process serves every call of a (program, task), all its levels: it imports the candidate
once, then asks the supervisor for requests on fd 3 (the call channel: sandbox/sandbox.hpp,
"CallPlan") and forks one child per call from that loaded state. So every call starts from the same state:
nothing a call memoizes (a global dict, an lru_cache) survives into the next one, and the
interpreter's start-up is paid once. The driver measures nothing. The supervisor reads its
own counters at each mark: 'b' (after which the input arrives) and 'e' (after the result
left) bracket the call's window; under exact counts, 'r', when the call returned, splits off
the encoding of its result. The window's own cost (decoding the input, the channel) is
measured in the same session by no-op calls, which the supervisor interleaves with the real
ones and names only once the input is decoded ('d'); the harness subtracts them, capped by the
--baseline run's (which does all of this but import and call a candidate). The rest (fork,
reaping) hides no work: every mark blocks until the supervisor has read its counters, the
harness bounds the CPU outside the windows by the baseline's, and a process left running at
the end of a call fails it.

Under a backend that counts only as each process exits (valgrind; PERFJUDGE_COUNT_AT_EXIT=1),
each call's process forks a marker just before 'b' and another just before 'r', each of which
exits at once: a marker's count is the call's process's count at that instant, and the call's
window runs from the first to the process's own exit. The supervisor reads the markers' counts
at 'b' and 'r' and the process's at 'E'.

Everything used after the candidate is loaded is bound in main()'s locals, out of the
candidate's reach; a candidate that still subverts it can only break the protocol (verdict
SECURITY) or shift its work into the overhead, which the harness checks.

Exit status: 0 ok; 1 the candidate could not be loaded (traceback on stderr); 2 usage error.
"""

import _posixsubprocess
import _socket
import _thread
import gc
import marshal
import os
import resource
import sys

import pjcodec
from pjdriver import UsageError, apply_settings, load_candidate, parse_args

STACK_BYTES = 64 << 20  # deep recursion is legitimate in candidates
RECURSION_LIMIT = 100000
CHANNEL = 3
NOOP = b"N"  # the supervisor's answer to 'd' for a no-op call
NOOP_RESULT = b"\x00null"
NOOP_THREADS = b"\x03a thread was started during a no-op call"
SETTLE_REQUEST = '[[1, -2, 3.5, "ab", true, null], {"k": [4]}, [[5, 6], [7]]]'
# Set by the sandbox when its counters exist only as each process exits (valgrind's
# cachegrind: sandbox/counters_valgrind.cpp). Then the call's process forks a marker just
# before 'b', and the call's count is the process's own at its exit minus the marker's: the
# window runs from 'b' to the process's end, read at 'b' and 'E'.
COUNT_AT_EXIT = "PERFJUDGE_COUNT_AT_EXIT"
MARKER_EXE = b"/nonexistent/perfjudge-marker"
MARSHALLED = b"\x00"  # what starts a request that is a marshal (then the marshal follows)
SETTLE_MARSHAL = MARSHALLED + marshal.dumps([[1, -2, 3.5, "ab", True, None], {"k": [4]}])


def big_main_stack():
    # Each call runs on its process's main thread, whose stack grows on demand up to
    # RLIMIT_STACK: a thread with its own stack per call cost 0.8 ms of CPU per call (its
    # creation, the threading module's after-fork work, unmapping the stack), more than many
    # calls. The main stack's room below the mappings is fixed at exec (at least 128 MiB), so
    # raising the soft limit here is enough.
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    want = STACK_BYTES if hard == resource.RLIM_INFINITY else min(STACK_BYTES, hard)
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_STACK, (want, hard))


def exit_marker():
    """A function that forks a process which exits at once, running no Python code: under a
    backend that counts per process, each process's count includes its parent's up to the
    fork, so the marker's count is the session's count at that instant. Not os.fork, which
    runs the hooks of os.register_at_fork in the child: a candidate's hook could inflate the
    marker, and so shrink the call's count. _posixsubprocess forks and fails to exec in C
    (the path does not exist) and writes why into a pipe drained here."""
    err_r, err_w = os.pipe()
    os.set_blocking(err_r, False)
    fork_exec, waitpid, read = _posixsubprocess.fork_exec, os.waitpid, os.read

    def mark():
        # The argument list of CPython 3.11's fork_exec (Debian 12's /usr/bin/python3).
        pid = fork_exec([MARKER_EXE], [MARKER_EXE], True, (), None, None, -1, -1, -1, -1, -1,
                        -1, err_r, err_w, False, False, -1, None, None, None, -1, None, False)
        waitpid(pid, 0)
        try:
            read(err_r, 4096)
        except BlockingIOError:
            pass

    return mark


def main():
    write, exit_now, fork, waitpid = os.write, os._exit, os.fork, os.waitpid
    dup2 = os.dup2
    encode, decode, marshalled = pjcodec.encode, pjcodec.decode, pjcodec.marshalled
    loads, view = marshal.loads, memoryview
    err = sys.stderr
    from_bytes = int.from_bytes
    settrace, setprofile, gc_disable = sys.settrace, sys.setprofile, gc.disable
    thread_count = _thread._count

    def format_exc():
        # Imported only on a failure: at start it cost every session 5 ms of CPU. A candidate
        # that plants its own module there changes only the text of its own failure.
        import traceback

        return traceback.format_exc()

    def fail(code, message):
        err.write(message + "\n")
        err.flush()
        exit_now(code)

    def send(kind, payload=b""):
        frame = kind + len(payload).to_bytes(4, "little") + payload
        while frame:
            frame = frame[write(CHANNEL, frame):]

    # One read per frame part, however the kernel splits it: the driver's own count per call
    # must not depend on timing (an exact backend compares it to the instruction).
    channel = _socket.socket(fileno=CHANNEL)
    sock_recv, wait_all = channel.recv, _socket.MSG_WAITALL

    def recv_exact(n):
        data = sock_recv(n, wait_all) if n else b""
        while len(data) < n:  # only after a signal cut the wait short
            more = sock_recv(n - len(data), wait_all)
            if not more:
                exit_now(3)  # the supervisor is gone
            data += more
        return data

    def recv():
        head = recv_exact(5)
        return head[:1], recv_exact(from_bytes(head[1:], "little"))

    argv = sys.argv[1:]
    convert = "--convert" in argv
    try:
        entry, baseline, candidate, settings = parse_args(
            [a for a in argv if a != "--convert"], "function_session")
        if convert and not baseline:
            raise UsageError("function_session: --convert needs --baseline")
    except UsageError as e:
        fail(2, str(e))
    mark = exit_marker() if os.environ.get(COUNT_AT_EXIT) == "1" else None
    reseed = None
    if mark is not None:
        # Exact counts repeat only if the program's choices do: as PYTHONHASHSEED fixes str
        # hashing, a fixed seed fixes the random module's (a Miller-Rabin test picks its
        # witnesses there). random reseeds itself from the OS in every forked child, so each
        # call's process seeds it again, before its window.
        import random

        reseed = random.seed

    # Whatever the candidate prints goes to stderr; results travel on the channel only.
    dup2(2, 1)
    sys.stdin = open(os.devnull)
    apply_settings(settings, RECURSION_LIMIT)
    big_main_stack()

    fn = None
    if not baseline:
        try:
            fn = load_candidate(candidate, entry, __builtins__)
        except BaseException:
            fail(1, format_exc().rstrip())

    def settle():
        # Before the window: the first writes to the loaded state's pages after the fork copy
        # them (copy-on-write), and decoding and encoding touch many of the same pages every
        # call. Making those copies here keeps their cost (up to 0.3 ms) out of every window,
        # so what is left inside is the call. Nothing here holds the input.
        decode(SETTLE_REQUEST)
        loads(view(SETTLE_MARSHAL)[1:])
        encode(None)
        list(range(2048))

    def run_call():
        # In the call's own process. The request arrives only once the window is open ('b'),
        # and the output leaves before it closes ('e'): no code of the candidate's outside the
        # window holds the input, and none after it can change the answer. Decoding is inside
        # (it may run candidate code: a patched decoder, a list subclass) and so is encoding.
        # Only once the input is decoded does the supervisor say ('d') whether this is a real
        # call or a no-op call, which measures the driver's own window in this session so that
        # it can be subtracted; what ran before cannot tell them apart, and the no-op runs no
        # code the candidate could have hooked. Status byte of the output: 0 the encoded
        # result, 1 the candidate raised, 2 the input is not an argument list (the task's
        # fault, not the candidate's), 3 a no-op call found threads started during the call.
        settle()
        if mark is not None:
            mark()
        send(b"b")
        kind, request = recv()
        bad_input = None
        try:
            if convert:
                args, converted = marshalled(request.decode("utf-8"))
            elif request[:1] == MARSHALLED:
                args = loads(view(request)[1:])
            else:
                args = decode(request.decode("utf-8"))
            if type(args) is not list:
                raise TypeError("the input is not a JSON argument list")
        except BaseException:
            bad_input = b"\x02" + format_exc().encode("utf-8", "replace")[-8000:]
        # A trace or profile function would run candidate code in the driver's lines, which
        # differ between the two kinds; cleared before the kind is known (clearing raises an
        # audit event, which a candidate's audit hook sees in both alike).
        settrace(None)
        setprofile(None)
        send(b"d")
        kind, _ = recv()
        returned = None
        if bad_input is not None:
            data = bad_input
        elif convert:
            data = b"\x00" + (MARSHALLED + converted if converted is not None else b"")
        elif baseline or kind == NOOP:
            gc_disable()  # no collection, so no gc.callbacks of the candidate's
            data = NOOP_RESULT if thread_count() == threads_at_fork else NOOP_THREADS
        else:
            try:
                returned = (fn(*args),)
            except BaseException:
                data = b"\x01" + format_exc().encode("utf-8", "replace")[-8000:]
        # The call is over: what follows (encoding the result, sending it) is still inside the
        # window, and is also measured on its own, so that the reference's encoding of the
        # same result can be taken out of every program's cost (encoding is the driver's work,
        # but candidate code can hook it, so it is counted, not trusted).
        # Only exact counts take it out: by time, subtracting a noisy estimate of the encoding
        # from a noisy cost spread the reference's score against itself (docs/PERFORMANCE.md,
        # "Fidelity"), and the round trip would cost every call.
        if mark is not None:
            mark()
            send(b"r")
            recv()
        if returned is not None:
            try:
                data = b"\x00" + encode(returned[0]).encode("utf-8")
            except BaseException:
                data = b"\x01" + format_exc().encode("utf-8", "replace")[-8000:]
        send(b"O", data)
        send(b"e")
        recv()

    gc.collect()
    gc.freeze()  # the loaded state is shared copy-on-write; the collector leaves it alone
    send(b"L")
    while True:
        send(b"B")
        kind, _ = recv()
        if kind == b"Q":
            exit_now(0)
        if convert:
            run_call()  # no candidate: nothing to keep from the next call
        else:
            pid = fork()
            if pid == 0:
                threads_at_fork = thread_count()
                if reseed is not None:
                    reseed(0)
                run_call()
                exit_now(0)
            waitpid(pid, 0)
        send(b"E")
        recv()


if __name__ == "__main__":
    main()
