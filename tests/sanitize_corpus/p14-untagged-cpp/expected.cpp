#include <iostream>
#include <string>
using namespace std;

int main() {
    string s;
    getline(cin, s);
    int upper = 0;
    for (char c : s) if (isupper(static_cast<unsigned char>(c))) ++upper;
    cout << upper << endl;
}
