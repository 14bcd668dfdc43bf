import java.util.Scanner;

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        int n = in.nextInt();
        System.out.println(Main.triangle(n));
    }

    static long triangle(long n) {
        return n * (n + 1) / 2;
    }
}
