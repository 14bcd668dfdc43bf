#include <bits/stdc++.h>
using namespace std;

bool feasible(const vector<int>& a, int k, long long cap) {
    long long cur = 0;
    int parts = 1;
    for (int x : a) {
        if (x > cap) return false;
        if (cur + x > cap) { ++parts; cur = 0; }
        cur += x;
    }
    return parts <= k;
}

int main() {
    int n, k;
    cin >> n >> k;
    vector<int> a(n);
    for (auto& x : a) cin >> x;
    long long lo = 0, hi = accumulate(a.begin(), a.end(), 0LL);
    while (lo < hi) {
        long long mid = (lo + hi) / 2;
        if (feasible(a, k, mid)) hi = mid; else lo = mid + 1;
    }
    cout << lo << endl;
}
