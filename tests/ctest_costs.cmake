# Read by ctest after the discovered tests (TEST_INCLUDE_FILES, tests/CMakeLists.txt). ctest -j
# starts tests in descending COST, which it otherwise takes from the timings of earlier runs; a
# fresh clone (CI) has none, so these long tests started last and stretched the suite's tail
# by about two and a half minutes on 2 cores. Seconds, from an ASan run on the CI machine.
set(pj_long_tests
  "RealGate.ImprovementIsReportedAndPasses" 88
  "Shards/BundledSuiteShard.ValidatesCleanly/1" 74
  "Shards/BundledSuiteShard.ValidatesCleanly/0" 72
  "Shards/BundledSuiteShard.ValidatesCleanly/2" 70
  "Shards/BundledSuiteShard.ValidatesCleanly/3" 58
  "Shards/EnamelSuite.ImportedProblemsOfTheShardValidateQuick/3" 56
  "Shards/EnamelSuite.ImportedProblemsOfTheShardValidateQuick/1" 47
  "Shards/EnamelSuite.ImportedProblemsOfTheShardValidateQuick/2" 46
  "RealGate.SameProgramTwicePassesUnderNoise" 46
  "Shards/EnamelSuite.ImportedProblemsOfTheShardValidateQuick/0" 45
  "SlurmLocal.InstructionCountsOfAShardedArrayEqualOneMachinesExactly" 70
  "ShardRun.TwoShardsSplitTheWorkAndTheirMergeReportsAsTheUnshardedRun" 18
  "DemoSuite.ValidatesCleanly" 25
  "EvalPerfImport.ImportedTasksValidate" 22)
list(LENGTH pj_long_tests n)
math(EXPR last "${n} - 1")
foreach(i RANGE 0 ${last} 2)
  math(EXPR j "${i} + 1")
  list(GET pj_long_tests ${i} name)
  list(GET pj_long_tests ${j} cost)
  set_tests_properties("${name}" PROPERTIES COST ${cost})
endforeach()
