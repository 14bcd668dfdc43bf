# Shared by the run benchmarks: a trivial program task and N identical trivial C samples
# (one build, cached), so that what is timed is the harness, not the programs.
make_trivial_task() {  # DIR
  local d=$1/tasks/echo
  mkdir -p "$d/tests" "$d/ref"
  cat > "$d/task.toml" <<'TOML'
id = "echo"
title = "Echo a number"
statement = "statement.md"
kind = "program"
languages = ["c"]
[limits]
cpu_seconds = 1.0
memory_mib = 64
[tests]
dir = "tests"
[[references]]
name = "ref"
file = "ref/echo.c"
level = "expert"
TOML
  echo "Print the number read." > "$d/statement.md"
  echo 7 > "$d/tests/a.in"
  echo 7 > "$d/tests/a.out"
  printf '#include <stdio.h>\nint main(void){int x;if(scanf("%%d",&x)==1)printf("%%d\\n",x);return 0;}\n' > "$d/ref/echo.c"
}

make_trivial_samples() {  # FILE N
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
src = '#include <stdio.h>\nint main(void){int x;if(scanf("%d",&x)==1)printf("%d\\n",x);return 0;}\n'
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"task_id": "echo", "model": "trivial", "language": "c", "solution": src}) + "\n")
PY
}
