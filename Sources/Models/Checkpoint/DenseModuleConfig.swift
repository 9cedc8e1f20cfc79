import Foundation

/// A sentence-transformers `Dense` module's configuration, from `<n>_Dense/config.json`.
///
/// Only the identity activation is built (`torch.nn.modules.linear.Identity`, what sentence-transformers'
/// dimensionality-reduction example and our PCA students use); `Tanh`, sentence-transformers' default, and any
/// other activation are rejected naming the file.
public struct DenseModuleConfig: Equatable, Sendable {
    /// The identity activation's class path, as `Dense.save` writes it.
    public static let identity = "torch.nn.modules.linear.Identity"

    /// The module's folder.
    public var url: URL
    /// Input width (the previous stage's output).
    public var inFeatures: Int
    /// Output width.
    public var outFeatures: Int
    /// Whether the module has `linear.bias`.
    public var bias: Bool

    /// A configuration from its fields.
    public init(url: URL, inFeatures: Int, outFeatures: Int, bias: Bool) {
        self.url = url
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.bias = bias
    }

    /// Reads and validates `config.json` in the Dense folder `url`.
    ///
    /// - Throws: ``CheckpointError`` naming the file and field: a missing or malformed file, a width that is not a
    ///   positive integer, an activation other than the identity.
    public init(folder url: URL) throws(CheckpointError) {
        let configURL = url.appendingPathComponent("config.json")
        let path = configURL.path
        let data = try CheckpointJSONFile.read(configURL, purpose: "a sentence-transformers Dense config.json")
        let document = try CheckpointJSONFile.decode(CheckpointJSON.self, from: data, path: path)
        guard case .object(let fields) = document else {
            throw .malformedJSON(path: path, detail: "top level is \(document.kindDescription), expected an object")
        }
        func width(_ key: String) throws(CheckpointError) -> Int {
            guard case .int(let n)? = fields[key], n > 0 else {
                let found = fields[key].map { "is \($0.kindDescription)" } ?? "missing"
                throw .invalidConfig(path: path, field: key, detail: "\(found), expected a positive integer")
            }
            return n
        }
        let bias: Bool
        switch fields["bias"] {
        case nil, .null?: bias = true
        case .bool(let b)?: bias = b
        case let other?: throw .invalidConfig(path: path, field: "bias", detail: "is \(other.kindDescription), expected true or false")
        }
        switch fields["activation_function"] {
        case .string(let name)? where name == Self.identity: break
        case .string(let name)?:
            throw .invalidConfig(path: path, field: "activation_function",
                                 detail: "\(name) is not built here (only \(Self.identity), as PCA and projection modules use)")
        case let other:
            throw .invalidConfig(path: path, field: "activation_function",
                                 detail: "\(other.map { "is \($0.kindDescription)" } ?? "missing") (sentence-transformers' default is Tanh, which is not built here), expected \(Self.identity)")
        }
        self.init(url: url, inFeatures: try width("in_features"), outFeatures: try width("out_features"), bias: bias)
    }

    /// `model.safetensors` in the module's folder.
    public var weightsURL: URL { url.appendingPathComponent("model.safetensors") }
}
