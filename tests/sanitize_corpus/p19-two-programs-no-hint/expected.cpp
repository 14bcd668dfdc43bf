#include <bits/stdc++.h>
int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n;
    std::cin >> n;
    long long s = 0;
    for (int i = 0, x; i < n; ++i) {
        std::cin >> x;
        s += x;
    }
    std::cout << s << '\n';
}
