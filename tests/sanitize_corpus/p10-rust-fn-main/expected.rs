use std::io::{self, Read, Write};

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut it = input.split_ascii_whitespace().map(|t| t.parse::<i64>().unwrap());
    let n = it.next().unwrap() as usize;
    let total: i64 = it.take(n).sum();
    let stdout = io::stdout();
    writeln!(stdout.lock(), "{}", total).unwrap();
}
