// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "provha-compile",
    products: [
        .executable(name: "provha-compile", targets: ["provha-compile"]),
        .library(name: "ProvHACompile", targets: ["ProvHACompile"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CMariaDB",
            pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"])]
        ),
        // Linux's O_DIRECT, which Glibc's Swift module hides.
        .target(name: "CDirectIO"),
        .target(
            name: "ProvHACompile",
            dependencies: [
                "CMariaDB",
                "CDirectIO",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "provha-compile",
            dependencies: [
                "ProvHACompile",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ProvHACompileTests",
            dependencies: ["ProvHACompile", "provha-compile", .product(name: "Yams", package: "Yams")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (libFuzzer), built only on request by scripts/fuzz.sh: they have no main of
// their own, `-sanitize=fuzzer` links libFuzzer's.
if ProcessInfo.processInfo.environment["PROVHA_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzSupport", dependencies: ["ProvHACompile"], path: "Fuzz/Common"),
        .executableTarget(name: "fuzz-cluster-file", dependencies: ["ProvHACompile", "FuzzSupport"], path: "Fuzz/ClusterFileFuzz"),
        .executableTarget(name: "fuzz-dump", dependencies: ["ProvHACompile", "FuzzSupport"], path: "Fuzz/DumpFuzz"),
        .executableTarget(name: "fuzz-values", dependencies: ["ProvHACompile", "FuzzSupport"], path: "Fuzz/ValueFuzz"),
    ]
}
