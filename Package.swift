// swift-tools-version:6.0
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
        .target(
            name: "ProvHACompile",
            dependencies: [
                "CMariaDB",
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
    swiftLanguageModes: [.v5]
)
