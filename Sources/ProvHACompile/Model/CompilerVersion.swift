/// The compiler's version, as `provha-compile --version` prints it and the packages carry it
/// (`scripts/package.sh` reads the repository's VERSION file; a test keeps the two equal).
public enum CompilerVersion {
    public static let number = "0.8.0"
}
