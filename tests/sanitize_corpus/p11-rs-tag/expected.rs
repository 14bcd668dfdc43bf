use std::io::BufRead;

fn main() {
    let stdin = std::io::stdin();
    let mut count = 0u64;
    for line in stdin.lock().lines() {
        if !line.unwrap().trim().is_empty() {
            count += 1;
        }
    }
    println!("{}", count);
}
