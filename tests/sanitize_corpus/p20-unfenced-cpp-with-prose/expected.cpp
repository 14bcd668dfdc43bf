#include <iostream>
int main() {
    unsigned long long n;
    std::cin >> n;
    std::cout << __builtin_popcountll(n) << "\n";
}
