#include <iostream>
#include <vector>
int main() {
    int n;
    std::cin >> n;
    std::vector<bool> sieve(n + 1, true);
    int count = 0;
    for (int i = 2; i <= n; ++i) {
        if (!sieve[i]) continue;
        ++count;
        for (long long j = 1LL * i * i; j <= n; j += i) sieve[j] = false;
    }
    std::cout << count << "\n";
}
