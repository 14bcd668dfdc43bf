// CallPlan runs (sandbox.hpp): per-call counters read by the supervisor at the program's
// marks, the protocol's order enforced, and work that escapes a call caught. The programs are
// small Python clients of the channel; `work(n)` burns CPU in proportion to n.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "core/hash.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox_test_util.hpp"

namespace pj::sandbox::test {
namespace {

const std::string kClient = R"PY(
import os, sys
def send(k, p=b""):
    os.write(3, k + len(p).to_bytes(4, "little") + p)
def recv():
    h = b""
    while len(h) < 5: h += os.read(3, 5 - len(h))
    n = int.from_bytes(h[1:], "little"); p = b""
    while len(p) < n: p += os.read(3, n - len(p))
    return h[:1], p
def work(n):
    s = 0
    for i in range(n): s += i * i
    return s
kinds = []  # what the supervisor answered at each 'd'
def call(body, encode=lambda out: out):
    send(b"B"); k, _ = recv()
    if k == b"Q": return None
    send(b"b"); k, req = recv()
    send(b"d"); kind, _ = recv(); kinds.append(kind)
    out = body(req)
    send(b"r"); recv()
    send(b"O", encode(out))
    send(b"e"); recv()
    send(b"E"); recv()
    return req
)PY";

Config calls_config(const std::string& script, std::vector<std::string> requests) {
  Config c = config({"/usr/bin/python3", "-S", "-c", kClient + script});
  c.limits.cpu_seconds = 20;
  c.limits.wall_seconds = 60;
  c.calls = CallPlan{std::move(requests), 10.0, {}, {}, {}};
  return c;
}

TEST(Calls, EachCallIsCountedBetweenItsMarksAndItsOutputKept) {
  const auto c = run_captured(calls_config(R"PY(
send(b"L")
while call(lambda req: str(work(int(req))).encode()) is not None: pass
)PY",
                                           {"20000", "400000", "20000"}));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  ASSERT_EQ(c.result.calls.size(), 3u);
  for (const auto& r : c.result.calls) {
    EXPECT_TRUE(r.complete);
    ASSERT_TRUE(r.cpu_ns && r.outer_cpu_ns && r.gap_cpu_ns);
    EXPECT_GE(*r.outer_cpu_ns, *r.cpu_ns);
  }
  EXPECT_EQ(*c.result.calls[1].output, std::to_string([] {
    long long s = 0;
    for (long long i = 0; i < 400000; ++i) s += i * i;
    return s;
  }()));
  // 20x the work; a generous margin for a loaded machine's noise.
  EXPECT_GT(*c.result.calls[1].cpu_ns, 5 * *c.result.calls[0].cpu_ns);
  EXPECT_GT(*c.result.calls[1].cpu_ns, 5 * *c.result.calls[2].cpu_ns);
  ASSERT_TRUE(c.result.load_cpu_ns && c.result.tail_cpu_ns);
}

TEST(Calls, WorkBetweenCallsLandsInTheGapNotInACall) {
  const auto c = run_captured(calls_config(R"PY(
send(b"L")
call(lambda req: b"1")
work(2000000)
call(lambda req: b"2")
call(lambda req: b"3")
)PY",
                                           {"a", "b"}));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  ASSERT_EQ(c.result.calls.size(), 2u);
  ASSERT_TRUE(c.result.calls[1].gap_cpu_ns && c.result.calls[0].gap_cpu_ns);
  EXPECT_GT(*c.result.calls[1].gap_cpu_ns, 10 * *c.result.calls[1].cpu_ns);
  EXPECT_GT(*c.result.calls[1].gap_cpu_ns, 10 * *c.result.calls[0].gap_cpu_ns);
}

TEST(Calls, FramesOutOfOrderAreABreach) {
  const auto c = run_captured(calls_config(R"PY(
send(b"L")
send(b"e")
recv()
)PY",
                                           {"a"}));
  EXPECT_EQ(c.result.verdict, Verdict::SECURITY);
  EXPECT_TRUE(contains(c.result.message, "call protocol")) << c.result.message;
}

// The kind of a call (a real one or the driver's no-op) is told at 'd', after the request
// arrived and was decoded: nothing before it can tell the two apart.
TEST(Calls, TheKindOfEachCallIsToldOnlyOnceTheRequestIsDecoded) {
  Config cfg = calls_config(R"PY(
send(b"L")
while call(lambda req: kinds[-1] + req) is not None: pass
)PY",
                            {"a", "b", "c"});
  cfg.calls->noop = {false, true, false};
  const auto c = run_captured(cfg);
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  ASSERT_EQ(c.result.calls.size(), 3u);
  EXPECT_EQ(*c.result.calls[0].output, "Ra");
  EXPECT_EQ(*c.result.calls[1].output, "Nb");
  EXPECT_EQ(*c.result.calls[2].output, "Rc");
}

TEST(Calls, AnOutputBeforeTheDecodedMarkIsABreach) {
  const auto c = run_captured(calls_config(R"PY(
send(b"L")
send(b"B"); recv()
send(b"b"); recv()
send(b"O", b"x")
send(b"e"); recv()
)PY",
                                           {"a"}));
  EXPECT_EQ(c.result.verdict, Verdict::SECURITY);
  EXPECT_TRUE(contains(c.result.message, "before the request was decoded")) << c.result.message;
}

const char* kOutputWithoutReturnedMark = R"PY(
send(b"L")
send(b"B"); recv()
send(b"b"); recv()
send(b"d"); recv()
send(b"O", b"x")
send(b"e"); recv()
send(b"E"); recv()
send(b"B"); recv()
)PY";

// Where counts come per process at exit (valgrind: exact counts), the encoding is taken out of
// the count, so the 'r' that splits it off may not be skipped.
TEST(Calls, AnOutputBeforeTheReturnedMarkIsABreachWhereCountsComeAtExit) {
  Config cfg = calls_config(kOutputWithoutReturnedMark, {"a"});
  cfg.counters = {"instructions"};
  cfg.backend = CounterBackend::Valgrind;
  const auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::SECURITY);
  EXPECT_TRUE(contains(c.result.message, "before the call returned")) << c.result.message;
}

// Elsewhere 'r' is optional (time costs keep the encoding): the call is measured, without an
// encoding of its own.
TEST(Calls, WithoutTheReturnedMarkTheCallHasNoEncodingOfItsOwn) {
  const auto c = run_captured(calls_config(kOutputWithoutReturnedMark, {"a"}));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  ASSERT_EQ(c.result.calls.size(), 1u);
  EXPECT_TRUE(c.result.calls[0].complete);
  EXPECT_EQ(*c.result.calls[0].output, "x");
  EXPECT_TRUE(c.result.calls[0].cpu_ns);
  EXPECT_FALSE(c.result.calls[0].encode_cpu_ns);
}

// 'r' splits the window: what runs after it (the driver encoding the result) is counted in the
// call's window and, on its own, in its encoding's.
TEST(Calls, TheEncodingAfterTheReturnedMarkIsCountedInsideTheWindowAndOnItsOwn) {
  const auto c = run_captured(calls_config(R"PY(
send(b"L")
call(lambda req: str(work(400000)).encode())
call(lambda req: b"x", lambda out: str(work(400000)).encode())
)PY",
                                           {"a", "b"}));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  ASSERT_EQ(c.result.calls.size(), 2u);
  for (const auto& r : c.result.calls) {
    ASSERT_TRUE(r.cpu_ns && r.encode_cpu_ns);
    EXPECT_LE(*r.encode_cpu_ns, *r.cpu_ns);
    EXPECT_LE(r.encode_wall_ns, r.wall_ns);
  }
  const auto& dear_call = c.result.calls[0];
  const auto& dear_encoding = c.result.calls[1];
  // The same work on either side of 'r'; generous margins for a loaded machine's noise.
  EXPECT_LT(5 * *dear_call.encode_cpu_ns, *dear_call.cpu_ns);
  EXPECT_GT(2 * *dear_encoding.encode_cpu_ns, *dear_encoding.cpu_ns);
  EXPECT_GT(*dear_encoding.encode_cpu_ns, 5 * *dear_call.encode_cpu_ns);
}

TEST(Calls, AProcessThatOutlivesItsCallIsABreach) {
  const auto c = run_captured(calls_config(R"PY(
import time
send(b"L")
def body(req):
    if os.fork() == 0:
        time.sleep(30)
        os._exit(0)
    return b"x"
call(body)
)PY",
                                           {"a"}));
  EXPECT_EQ(c.result.verdict, Verdict::SECURITY);
  EXPECT_TRUE(contains(c.result.message, "still running")) << c.result.message;
}

TEST(Calls, ACallOverItsOwnLimitIsTle) {
  Config cfg = calls_config(R"PY(
send(b"L")
call(lambda req: b"x")
call(lambda req: str(work(10**10)).encode())
)PY",
                            {"a", "b"});
  cfg.calls->call_cpu_seconds = 0.3;
  const auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::TLE);
  EXPECT_TRUE(contains(c.result.message, "call 1")) << c.result.message;
}

// One session serving several levels gives each call its own level's limit: the same work is
// within the first call's limit and over the second's.
TEST(Calls, EachCallHasItsOwnLimitWhenTheyDiffer) {
  Config cfg = calls_config(R"PY(
send(b"L")
while call(lambda req: str(work(int(req))).encode()) is not None: pass
)PY",
                            {"3000000", "3000000"});
  cfg.calls->call_cpu_limits = {8.0, 0.01};
  const auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::TLE);
  ASSERT_EQ(c.result.calls.size(), 2u);
  EXPECT_TRUE(c.result.calls[0].complete);
  EXPECT_TRUE(contains(c.result.message, "call 1")) << c.result.message;
  EXPECT_TRUE(contains(c.result.message, "0.01 s")) << c.result.message;
  Config bad = cfg;
  bad.calls->call_cpu_limits = {8.0};  // one limit for two calls
  EXPECT_THROW(run(bad), pj::Error);
}

// A call that sleeps uses no CPU: its own wall limit (3 × its CPU limit + 1 s) ends it, long
// before the session's (here 60 s).
TEST(Calls, ACallThatSleepsIsStoppedByItsOwnWallLimit) {
  Config cfg = calls_config(R"PY(
import time
send(b"L")
call(lambda req: b"x")
call(lambda req: time.sleep(300) or b"y")
)PY",
                            {"a", "b"});
  cfg.calls->call_cpu_seconds = 0.5;
  const auto c = run_captured(cfg);
  EXPECT_EQ(c.result.verdict, Verdict::TLE_WALL);
  EXPECT_TRUE(contains(c.result.message, "call 1 took more wall time than its limit of 2.5 s"))
      << c.result.message;
}

// The output cap is per call, as it is per run: many calls under it add up beyond it.
TEST(Calls, EachCallsOutputIsCappedNotTheirSum) {
  Config cfg = calls_config(R"PY(
send(b"L")
while call(lambda req: b"x" * (3 << 20)) is not None: pass
)PY",
                            {"a", "b", "c"});
  const auto ok = run_captured(cfg);  // 9 MiB in all, 3 MiB per call, cap 4 MiB
  ASSERT_EQ(ok.result.verdict, Verdict::OK) << ok.result.message;
  ASSERT_EQ(ok.result.calls.size(), 3u);
  EXPECT_EQ(ok.result.calls[2].output->size(), 3u << 20);
  const auto over = run_captured(calls_config(R"PY(
send(b"L")
call(lambda req: b"x" * (5 << 20))
)PY",
                                              {"a"}));
  EXPECT_EQ(over.result.verdict, Verdict::OLE);
  EXPECT_TRUE(contains(over.result.message, "call channel")) << over.result.message;
}

TEST(Calls, AnOrderRepeatsRequestsWithoutCopies) {
  Config cfg = calls_config(R"PY(
send(b"L")
while call(lambda req: req + b"!") is not None: pass
)PY",
                            {"a", "b"});
  cfg.calls->order = {1, 0, 1, 1};
  const auto c = run_captured(cfg);
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  ASSERT_EQ(c.result.calls.size(), 4u);  // the order's length, not the requests'
  EXPECT_EQ(*c.result.calls[0].output, "b!");
  EXPECT_EQ(*c.result.calls[1].output, "a!");
  EXPECT_EQ(*c.result.calls[2].output, "b!");
  EXPECT_EQ(*c.result.calls[3].output, "b!");
}

// The supervisor keeps one copy of an output that a request's calls repeat, not one per call
// (outputs can be megabytes), and a call that answers otherwise keeps its own.
TEST(Calls, CallsThatAnswerAlikeShareOneCopyOfTheirOutput) {
  Config cfg = calls_config(R"PY(
send(b"L")
seen = [0]
def body(req):
    seen[0] += 1
    return req + (b"?" if seen[0] == 4 else b"!")
while call(body) is not None: pass
)PY",
                            {"a", "b"});
  cfg.calls->order = {0, 0, 1, 0};
  const auto c = run_captured(cfg);
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  ASSERT_EQ(c.result.calls.size(), 4u);
  for (const auto& r : c.result.calls) ASSERT_TRUE(r.output);
  EXPECT_EQ(*c.result.calls[0].output, "a!");
  EXPECT_EQ(c.result.calls[1].output.get(), c.result.calls[0].output.get());
  EXPECT_EQ(*c.result.calls[2].output, "b!");
  EXPECT_EQ(*c.result.calls[3].output, "a?");
  EXPECT_NE(c.result.calls[3].output.get(), c.result.calls[0].output.get());
}

// A request far larger than the socket's buffer leaves in many pieces, and arrives whole.
TEST(Calls, ARequestLargerThanTheChannelsBufferArrivesWhole) {
  std::string big(24u << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4099) big[i] = static_cast<char>('a' + i % 26);
  const auto c = run_captured(calls_config(R"PY(
import hashlib
send(b"L")
def digest(req):  # as pj::sha1_hex: the length, 8 bytes little-endian, then the bytes
    return hashlib.sha1(len(req).to_bytes(8, "little") + req).hexdigest().encode()
while call(digest) is not None: pass
)PY",
                                           {big, "small"}));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message << c.err;
  ASSERT_EQ(c.result.calls.size(), 2u);
  ASSERT_TRUE(c.result.calls[0].output && c.result.calls[1].output);
  EXPECT_EQ(*c.result.calls[0].output, sha1_hex(big));
  EXPECT_EQ(*c.result.calls[1].output, sha1_hex("small"));
}

TEST(Calls, WithoutAPlanTheProgramHasNoChannel) {
  const auto c = run_captured(config({"/usr/bin/python3", "-S", "-c",
                                      "import os\ntry:\n os.fstat(3); print('open')\nexcept "
                                      "OSError: print('closed')"}));
  ASSERT_EQ(c.result.verdict, Verdict::OK) << c.result.message;
  EXPECT_EQ(c.out, "closed\n");
}

}  // namespace
}  // namespace pj::sandbox::test
