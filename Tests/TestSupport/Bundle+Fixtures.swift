import Foundation

extension Bundle {
    /// The test bundle's `Fixtures` folder (`Bundle.module.fixtures`).
    ///
    /// - Throws: ``MissingFixtureError`` when the bundle has none (the target does not copy `Fixtures`).
    public var fixtures: URL {
        get throws {
            guard let folder = url(forResource: "Fixtures", withExtension: nil) else {
                throw MissingFixtureError(path: "", bundle: bundleURL)
            }
            return folder
        }
    }

    /// The file or folder `path` in the test bundle's `Fixtures` (`Bundle.module.fixture("tiny-bert")`).
    ///
    /// - Throws: ``MissingFixtureError`` when the bundle has no `Fixtures` folder or no such entry.
    public func fixture(_ path: String) throws -> URL {
        let url = try fixtures.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw MissingFixtureError(path: path, bundle: bundleURL) }
        return url
    }

    /// Decodes the JSON fixture `path` as `T` (`keys` as the decoder's key strategy).
    public func decodeFixture<T: Decodable>(
        _ type: T.Type, _ path: String, keys: JSONDecoder.KeyDecodingStrategy = .useDefaultKeys
    ) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = keys
        return try decoder.decode(T.self, from: Data(contentsOf: fixture(path)))
    }
}
