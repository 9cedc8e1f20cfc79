import Foundation
import SwiftProtobuf

/// An ONNX model file decoded with the generated `onnx.proto` types (`onnx.pb.swift`), indexed for
/// following its graph: initializers by name, the node producing each value, the nodes consuming it.
///
/// ```swift
/// let model = try ONNXModel(url: URL(fileURLWithPath: "paraphrase-MiniLM-L3-v2.onnx"))
/// model.initializer("onnx::MatMul_470")?.dims          // [384, 384]
/// model.consumers(of: "…query.bias").map(\.opType)    // ["Add"]
/// ```
struct ONNXModel {
    /// The decoded `onnx.ModelProto`.
    let proto: Onnx_ModelProto
    /// The file named in errors.
    let path: String
    /// The file size in bytes.
    let fileSize: Int
    /// Index into `proto.graph.initializer` by tensor name.
    private let initializerIndex: [String: Int]
    /// Index into `proto.graph.node` of the node writing each value.
    private let producerIndex: [String: Int]
    /// Indices into `proto.graph.node` of the nodes reading each value, in graph order.
    private let consumerIndex: [String: [Int]]

    /// Decodes `bytes` as an `onnx.ModelProto`.
    ///
    /// - Throws: ``ImportError/malformedProtobuf(path:message:reason:)`` when the bytes are cut short or
    ///   are not protobuf; ``ImportError/invalidField(path:field:expected:found:)`` when the model has no
    ///   graph or two initializers share a name.
    init(bytes: Data, path: String) throws(ImportError) {
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 64
            proto = try Onnx_ModelProto(serializedBytes: bytes, options: options)
        } catch let error as BinaryDecodingError {
            let reason: String
            switch error {
            case .truncated: reason = "truncated: the data ends inside a field (the file has \(bytes.count) bytes; is the download complete?)"
            case .malformedProtobuf: reason = "malformed: not an ONNX model, or corrupt"
            case .invalidUTF8: reason = "a string field is not valid UTF-8"
            case .messageDepthLimit: reason = "messages nested deeper than 64 levels"
            default: reason = "\(error)"
            }
            throw .malformedProtobuf(path: path, message: "onnx.ModelProto", reason: reason)
        } catch {
            throw .malformedProtobuf(path: path, message: "onnx.ModelProto", reason: "\(error)")
        }
        self.path = path
        fileSize = bytes.count
        guard proto.hasGraph, !proto.graph.initializer.isEmpty else {
            throw .invalidField(
                path: path, field: "ModelProto.graph", expected: "a graph with initializers (the weights)",
                found: proto.hasGraph ? "a graph without initializers" : "no graph")
        }
        let graph = proto.graph
        var initializers: [String: Int] = [:]
        for (i, tensor) in graph.initializer.enumerated() {
            guard initializers[tensor.name] == nil else {
                throw .invalidField(
                    path: path, field: "graph.initializer[\(i)].name", expected: "a name no other initializer has",
                    found: "'\(tensor.name)' a second time")
            }
            initializers[tensor.name] = i
        }
        var producers: [String: Int] = [:]
        var consumers: [String: [Int]] = [:]
        for (i, node) in graph.node.enumerated() {
            for output in node.output where !output.isEmpty { producers[output] = i }
            for input in node.input where !input.isEmpty { consumers[input, default: []].append(i) }
        }
        initializerIndex = initializers
        producerIndex = producers
        consumerIndex = consumers
    }

    /// Reads and decodes the file at `url`.
    init(url: URL) throws(ImportError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .ioFailure(path: url.path, operation: "read the ONNX file", reason: "\(error)")
        }
        try self.init(bytes: data, path: url.path)
    }

    /// The opset of the default (`ai.onnx`) domain, if imported.
    var opset: Int64? {
        proto.opsetImport.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }?.version
    }

    /// Every initializer name, in file order.
    var initializerNames: [String] { proto.graph.initializer.map(\.name) }

    /// The initializer called `name`.
    func initializer(_ name: String) -> Onnx_TensorProto? {
        initializerIndex[name].map { proto.graph.initializer[$0] }
    }

    /// The node whose output is `value`.
    func producer(of value: String) -> Onnx_NodeProto? {
        producerIndex[value].map { proto.graph.node[$0] }
    }

    /// The nodes reading `value`, in graph order.
    func consumers(of value: String) -> [Onnx_NodeProto] {
        (consumerIndex[value] ?? []).map { proto.graph.node[$0] }
    }

    /// Whether any node runs `opType`.
    func hasNode(_ opType: String) -> Bool {
        proto.graph.node.contains { $0.opType == opType }
    }

    /// The value of a scalar float constant: an initializer or a `Constant` node's `value` with one element.
    func scalar(_ value: String) -> Float? {
        let tensor: Onnx_TensorProto
        if let initializer = initializer(value) {
            tensor = initializer
        } else if let node = producer(of: value), node.opType == "Constant",
                  let attribute = node.attribute.first(where: { $0.name == "value" }), attribute.hasT {
            tensor = attribute.t
        } else {
            return nil
        }
        guard tensor.dims.reduce(1, *) == 1, let values = try? floats(tensor), values.count == 1 else { return nil }
        return values[0]
    }

    /// The float32 values of `tensor` (from `raw_data`, little-endian, or `float_data`), row-major.
    ///
    /// - Throws: ``ImportError/invalidTensor(path:tensor:expected:found:)`` for another element type,
    ///   external data, or a value count that disagrees with the dims.
    func floats(_ tensor: Onnx_TensorProto) throws(ImportError) -> [Float] {
        guard tensor.dataType == Int32(Onnx_TensorProto.DataType.float.rawValue) else {
            let name = Onnx_TensorProto.DataType(rawValue: Int(tensor.dataType)).map { "\($0)" } ?? "\(tensor.dataType)"
            throw .invalidTensor(path: path, tensor: tensor.name, expected: "data_type FLOAT (1)", found: "data_type \(name)")
        }
        guard tensor.dataLocation != .external else {
            throw .invalidTensor(
                path: path, tensor: tensor.name, expected: "data inside the .onnx file",
                found: "external data (a separate weights file, not supported)")
        }
        guard tensor.dims.allSatisfy({ $0 >= 0 }) else {
            throw .invalidTensor(path: path, tensor: tensor.name, expected: "non-negative dims", found: "dims \(tensor.dims)")
        }
        let (count, overflow) = tensor.dims.reduce((Int64(1), false)) { acc, d in
            let (p, o) = acc.0.multipliedReportingOverflow(by: d)
            return (p, acc.1 || o || p > 1 << 40)
        }
        guard !overflow else {
            throw .invalidTensor(path: path, tensor: tensor.name, expected: "at most 2⁴⁰ values", found: "dims \(tensor.dims)")
        }
        if tensor.hasRawData {
            guard Int64(tensor.rawData.count) == count * 4 else {
                throw .invalidTensor(
                    path: path, tensor: tensor.name, expected: "\(count * 4) bytes of raw_data (\(count) float32 for dims \(tensor.dims))",
                    found: "\(tensor.rawData.count) bytes")
            }
            let n = Int(count)
            return [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
                tensor.rawData.withUnsafeBytes { raw in _ = raw.copyBytes(to: UnsafeMutableRawBufferPointer(buffer)) }
                #if _endian(big)
                for i in 0 ..< n { buffer[i] = Float(bitPattern: UInt32(littleEndian: buffer[i].bitPattern)) }
                #endif
                initialized = n
            }
        }
        guard Int64(tensor.floatData.count) == count else {
            throw .invalidTensor(
                path: path, tensor: tensor.name, expected: "\(count) float_data values (dims \(tensor.dims))",
                found: "\(tensor.floatData.count) values")
        }
        return tensor.floatData
    }
}
