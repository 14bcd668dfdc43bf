const readline = require("readline");
const rl = readline.createInterface({ input: process.stdin });
let total = 0;
rl.on("line", (line) => {
  for (const tok of line.split(" ")) if (tok) total += Number(tok);
});
rl.on("close", () => console.log(total));
