import Foundation

extension OpenAIEmbedder {
    /// The parts of an embeddings response that are used: `data[].index` and `data[].embedding`.
    struct ResponseBody: Decodable {
        struct Item: Decodable {
            let index: Int
            let embedding: Vector
        }

        /// A JSON array of numbers or a base64 string of little-endian float32s.
        enum Vector: Decodable {
            case floats([Double])
            case base64(String)

            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { self = .base64(text) } else {
                    self = .floats(try container.decode([Double].self))
                }
            }
        }

        let data: [Item]
    }

    /// The rows of a response `body` for `count` inputs, in input order and checked.  // [count][D]
    ///
    /// - Throws: ``APIError/malformedResponse(endpoint:reason:)``, ``APIError/countMismatch(endpoint:expected:received:)``,
    ///   ``APIError/badIndices(endpoint:reason:)``, ``APIError/widthMismatch(endpoint:input:width:expected:)``,
    ///   ``APIError/nonFiniteEmbedding(endpoint:input:element:)``; inputs are numbered from `firstInput`.
    func decodeEmbeddings(_ body: Data, count: Int, firstInput: Int, expectedWidth: Int?) throws(APIError) -> [[Float]] {
        let response: ResponseBody
        do {
            response = try JSONDecoder().decode(ResponseBody.self, from: body)
        } catch {
            throw .malformedResponse(endpoint: endpoint, reason: redacted(Self.describe(error, body: body)))
        }
        guard response.data.count == count else {
            throw .countMismatch(endpoint: endpoint, expected: count, received: response.data.count)
        }
        var rows = [[Float]?](repeating: nil, count: count)
        for item in response.data {
            guard item.index >= 0, item.index < count else {
                throw .badIndices(endpoint: endpoint, reason: "index \(item.index) is outside 0..<\(count)")
            }
            guard rows[item.index] == nil else {
                throw .badIndices(endpoint: endpoint, reason: "index \(item.index) appears twice")
            }
            rows[item.index] = try floats(item.embedding, input: firstInput + item.index)
        }
        var width = expectedWidth
        var result: [[Float]] = []
        result.reserveCapacity(count)
        for (i, row) in rows.enumerated() {
            let row = row!                                   // every index seen once, so none is missing
            let input = firstInput + i
            if let width, row.count != width {
                throw .widthMismatch(endpoint: endpoint, input: input, width: row.count, expected: width)
            }
            if row.isEmpty { throw .widthMismatch(endpoint: endpoint, input: input, width: 0, expected: width ?? 1) }
            width = row.count
            if let element = row.firstIndex(where: { !$0.isFinite }) {
                throw .nonFiniteEmbedding(endpoint: endpoint, input: input, element: element)
            }
            result.append(row)
        }
        return result
    }

    /// The numbers of one `embedding` value.
    func floats(_ vector: ResponseBody.Vector, input: Int) throws(APIError) -> [Float] {
        switch vector {
        case let .floats(values):
            return values.map { Float($0) }
        case let .base64(text):
            guard let bytes = Data(base64Encoded: text) else {
                throw .malformedResponse(endpoint: endpoint, reason: "the embedding of input \(input) is a string but not base64")
            }
            guard bytes.count % 4 == 0 else {
                throw .malformedResponse(endpoint: endpoint, reason: "the base64 embedding of input \(input) has \(bytes.count) bytes, not a multiple of 4 (float32)")
            }
            return bytes.withUnsafeBytes { raw in
                (0 ..< bytes.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
        }
    }

    /// A one-line reason for a decoding failure, with the start of the body.
    static func describe(_ error: Error, body: Data) -> String {
        let start = String(decoding: body.prefix(80), as: UTF8.self)
        let what: String
        switch error as? DecodingError {
        case let .keyNotFound(key, context)?:
            what = "no '\(key.stringValue)' at \(path(context.codingPath))"
        case let .typeMismatch(_, context)?, let .valueNotFound(_, context)?:
            what = "unexpected value at \(path(context.codingPath))"
        case let .dataCorrupted(context)?:
            what = context.codingPath.isEmpty ? "not JSON" : "bad value at \(path(context.codingPath))"
        default:
            what = "\(error)"
        }
        return "\(what); the body starts \(start.debugDescription)"
    }

    static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
