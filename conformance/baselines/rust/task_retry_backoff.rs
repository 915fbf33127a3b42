// task_retry_backoff (KERNELS.md): an inner loop inside a small call.
// Rust baseline: the same helper and loops as task_retry_backoff.fzir, which
// has no `opaque`.

fn delay_for_attempt(attempt: i32, initial: i32, max_delay: i32, factor: i32) -> i32 {
    let mut delay = initial;
    let mut i: i32 = 1;
    while i < attempt {
        delay = delay.wrapping_mul(factor);
        if delay > max_delay {
            delay = max_delay;
        }
        i = i.wrapping_add(1);
    }
    delay
}

fn kernel(n: i32) -> i32 {
    let mut attempt: i32 = 1;
    let mut acc: i32 = 0;
    let mut i: i32 = 0;
    while i < n {
        let delay = delay_for_attempt(attempt, 3, 89, 2);
        acc = acc.wrapping_add(delay % 251) % 251;
        attempt = attempt.wrapping_add(1);
        if attempt > 7 {
            attempt = 1;
        }
        i = i.wrapping_add(1);
    }
    acc
}

fn main() {
    let n: i32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("usage: task_retry_backoff N");
    println!("{}", kernel(n));
}
