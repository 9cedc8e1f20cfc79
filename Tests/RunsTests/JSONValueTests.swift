import Foundation
import Testing
@testable import Runs

/// Metric lines written and parsed back: the fast flat parser agrees with Foundation's.
@Suite struct JSONValueTests {
    @Test(arguments: [
        #"{"step":1,"epoch":0.002,"time":0.013,"loss":0.98,"loss/domain":1.85,"lr":1e-06}"#,
        #"{ "query_id" : "q17", "ndcg@10": 0.6, "ok": true, "missing": null, "neg": -2.5E-3 }"#,
        #"{"text":"with \"escapes\" and \\n","n":[1,2]}"#,   // falls back to Foundation
        #"{}"#,
    ])
    func parsesLikeFoundation(_ line: String) throws {
        let ours = try #require(JSONValue.parse(line))
        let reference = try #require(JSONValue(foundation: try JSONSerialization.jsonObject(with: Data(line.utf8))))
        #expect(ours == reference)
    }

    @Test func rejectsWhatIsNotAnObject() {
        #expect(JSONValue.parse("not json") == nil)
        #expect(JSONValue.parse(#"{"a":1"#) == nil)
        #expect(JSONValue.parse(#"{"a":1} trailing"#) == nil)
    }

    @Test func writesSortedKeysAndNullForNonFinite() {
        let v: JSONValue = .object(["b": 1, "a": .number(.nan), "c": .string("x\"y"), "d": 0.25])
        #expect(v.jsonText == #"{"a":null,"b":1,"c":"x\"y","d":0.25}"#)
        #expect(JSONValue.parse(v.jsonText) == .object(["a": .null, "b": 1, "c": "x\"y", "d": 0.25]))
    }
}
