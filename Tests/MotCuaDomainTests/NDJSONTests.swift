import MotCuaDomain
import Testing

@Suite struct NDJSONTests {
    private func events(_ text: String) -> [String] {
        NDJSON.events(in: Array(text.utf8)).map { "\($0.line):" + String(decoding: $0.event, as: UTF8.self) }
    }

    @Test func linesEndWithNewlinesAndTheLastNeedsNone() {
        #expect(events("{\"a\":1}\n{\"b\":2}") == ["1:{\"a\":1}", "2:{\"b\":2}"])
        #expect(events("{\"a\":1}\n") == ["1:{\"a\":1}"])
        #expect(events("") == [])
    }

    @Test func carriageReturnsAreDroppedAndBlankLinesSkippedKeepingLineNumbers() {
        #expect(events("{\"a\":1}\r\n\r\n \t\n\n{\"b\":2}\r") == ["1:{\"a\":1}", "5:{\"b\":2}"])
        // Only a final \r goes: one inside a line is the line's (and the JSON scanner refuses it).
        #expect(events("{\"a\":\r1}\n") == ["1:{\"a\":\r1}"])
        #expect(events(" {\"a\":1} \n") == ["1: {\"a\":1} "])
    }

    @Test func oneLineTrimmedAsTheWholeTextIs() {
        #expect(NDJSON.event(in: Array(" \t\r".utf8)[...]) == nil)
        #expect(NDJSON.event(in: Array("x\r".utf8)[...]).map(Array.init) == Array("x".utf8))
        #expect(NDJSON.event(in: []) == nil)
    }
}
