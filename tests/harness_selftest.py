#!/usr/bin/python3
"""Unit tests of tests/run-test's descriptor parser and serial-output judge,
without QEMU. Run by hand:  /usr/bin/python3 tests/harness_selftest.py [-v]
"""

import contextlib
import importlib.machinery
import importlib.util
import io
import os
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
_loader = importlib.machinery.SourceFileLoader('run_test', os.path.join(HERE, 'run-test'))
_spec = importlib.util.spec_from_loader('run_test', _loader)
rt = importlib.util.module_from_spec(_spec)
_loader.exec_module(rt)


def descriptor(text):
    f = tempfile.NamedTemporaryFile('w', suffix='.test', delete=False)
    f.write(text)
    f.close()
    try:
        return rt.Scenario.parse(f.name)
    finally:
        os.unlink(f.name)


class FakeEnv:
    verbose = False


class Judge:
    """A Monitor fed by hand; TAP output captured."""

    def __init__(self, text):
        self.sc = descriptor(text)
        self.out = io.StringIO()
        self.err = io.StringIO()
        self.tap = rt.Tap()
        self.mon = rt.Monitor(self.sc, self.tap, FakeEnv(), io.StringIO(), time.monotonic())

    def feed(self, data):
        with contextlib.redirect_stdout(self.out), contextlib.redirect_stderr(self.err):
            self.mon.feed(data)

    def idle(self):
        with contextlib.redirect_stdout(self.out), contextlib.redirect_stderr(self.err):
            self.mon.partial_idle()


class DescriptorTests(unittest.TestCase):
    def test_full(self):
        sc = descriptor('# a comment\n'
                        'entry:   ex-fault   # trailing comment\n'
                        'timeout: 12.5\n'
                        'expect:  ^Walnut \\S+ .*\n'
                        'expect:  ^ok 3 - foo \\# SKIP\n'
                        'expect-not: ^WARN\n'
                        'send: ^login: $ => root\\n\n'
                        'send: ^> => "  spaced \\# \\x1b\\e"\n'
                        'guest-tap: no\n'
                        'qemu-args: -smp 2 -append "a b"\n'
                        'qemu-args: -m 1G\n')
        self.assertEqual(sc.entry, 'ex-fault')
        self.assertEqual(sc.timeout, 12.5)
        self.assertEqual([e[0] for e in sc.expects], ['^Walnut \\S+ .*', '^ok 3 - foo \\# SKIP'])
        self.assertTrue(sc.expects[1][1].search('ok 3 - foo # SKIP x'))
        self.assertEqual(sc.expect_nots[0][0], '^WARN')
        self.assertEqual(sc.sends[0][0], '^login: $')
        self.assertEqual(sc.sends[0][2], b'root\n')
        self.assertEqual(sc.sends[1][2], b'  spaced # \x1b\x1b')
        self.assertFalse(sc.guest_tap)
        self.assertEqual(sc.qemu_args, ['-smp', '2', '-append', 'a b', '-m', '1G'])

    def test_defaults(self):
        sc = descriptor('entry: x\n')
        self.assertEqual(sc.timeout, rt.DEFAULT_TIMEOUT)
        self.assertTrue(sc.guest_tap)
        self.assertEqual(sc.expects, [])

    def test_errors(self):
        for bad in ('timeout: 3\n',                      # no entry
                    'entry: x\nexpect: ^(\n',            # bad regex
                    'entry: x\ncolour: blue\n',          # unknown key
                    'entry: x\nentry: y\n',              # twice
                    'entry: x\ntimeout: -1\n',
                    'entry: x\nsend: foo\n',             # no =>
                    'entry: x\nsend: foo => \\q\n',      # bad escape
                    'entry: x\nguest-tap: maybe\n',
                    'entry: a b\n',
                    'just text\n'):
            with self.subTest(bad=bad), self.assertRaises(rt.DescriptorError):
                descriptor(bad)

    def test_skip(self):
        sc = descriptor('skip: not yet\n')
        self.assertEqual(sc.skip, 'not yet')


class MonitorTests(unittest.TestCase):
    def test_guest_tap_renumbered_and_complete(self):
        j = Judge('entry: x\n')
        j.feed(b'Walnut 1.0\r\nTAP version 13\r\n1..3\r\nok 1 - a\r\n# note\r\n'
               b'kernel log\r\nok 2 - b # SKIP nope\r\nnot ok 3 - c # TODO later\r\n')
        self.assertEqual(j.out.getvalue().splitlines(),
                         ['ok 1 - a', 'ok 2 - b # SKIP nope', 'not ok 3 - c # TODO later'])
        self.assertTrue(j.mon.complete())
        self.assertEqual(j.tap.failed, 0)
        self.assertEqual(j.mon.lines[0], 'Walnut 1.0')

    def test_trailing_plan_and_split_chunks(self):
        j = Judge('entry: x\n')
        for ch in b'ok 1 - a\nok 2 - b\n1..2\n':
            j.feed(bytes([ch]))
            if ch != ord('\n'):
                self.assertFalse(j.mon.complete())
        self.assertTrue(j.mon.complete())

    def test_incomplete_and_numbering(self):
        j = Judge('entry: x\n')
        j.feed(b'1..3\nok 1 - a\nok 3 - c\n')
        self.assertFalse(j.mon.complete())
        self.assertEqual(len(j.mon.tap_problems), 1)
        self.assertIn('waiting', 'waiting for ' + j.mon.waiting_for())

    def test_failed_guest_test_counts(self):
        j = Judge('entry: x\n')
        j.feed(b'1..1\nnot ok 1 - broken\n')
        self.assertEqual(j.tap.failed, 1)
        self.assertIn('Failed test 1 - broken', j.err.getvalue())

    def test_panic_and_bail_are_fatal(self):
        j = Judge('entry: x\n')
        j.feed(b'1..2\nok 1\nKERNEL PAN')
        self.assertIsNone(j.mon.fatal)
        j.feed(b'IC: out of frames')   # detected before the newline
        self.assertEqual(j.mon.fatal[0], 'panic')
        j = Judge('entry: x\n')
        j.feed(b'PANIC: x\n')
        self.assertEqual(j.mon.fatal[0], 'panic')
        j = Judge('entry: x\n')
        j.feed(b'  KERNEL PANIC: indented is not a panic line\n')
        self.assertIsNone(j.mon.fatal)
        j = Judge('entry: x\n')
        j.feed(b'Bail out! no memory\n')
        self.assertEqual(j.mon.fatal[0], 'bail')
        j = Judge('entry: x\nguest-tap: no\nexpect: x\n')
        j.feed(b'Bail out! ignored without guest TAP\n')
        self.assertIsNone(j.mon.fatal)

    def test_expects_in_order_one_per_line(self):
        j = Judge('entry: x\nguest-tap: no\nexpect: b\nexpect: a\nexpect: a\n')
        j.feed(b'a\nab\n')          # 'a' before 'b' does not count; 'ab' satisfies only 'b'
        self.assertEqual(j.mon.expect_idx, 1)
        j.feed(b'a\n')
        self.assertEqual(j.mon.expect_idx, 2)
        self.assertFalse(j.mon.complete())
        j.feed(b'xa\n')
        self.assertTrue(j.mon.complete())

    def test_expect_on_idle_partial_line(self):
        j = Judge('entry: x\nguest-tap: no\nexpect: ^login: $\n')
        j.feed(b'login: ')
        self.assertFalse(j.mon.complete())
        j.idle()
        self.assertTrue(j.mon.complete())

    def test_expect_not(self):
        j = Judge('entry: x\nguest-tap: no\nexpect-not: WARN\n')
        j.feed(b'all fine\nWARNING: bad\n')
        self.assertEqual(j.mon.fatal[0], 'expect-not')
        self.assertEqual(j.mon.expect_not_hits[0][0], 2)

    def test_sends_fire_on_prompts_in_order(self):
        j = Judge('entry: x\nguest-tap: no\nsend: ^> $ => one\\n\nsend: ^> $ => two\\n\n')
        j.feed(b'> ')
        self.assertEqual(j.mon.pending_input, [b'one\n'])
        j.feed(b'one\r\n')          # the echo completes the same line: no second send
        self.assertEqual(j.mon.pending_input, [b'one\n'])
        j.feed(b'> ')
        self.assertEqual(j.mon.pending_input, [b'one\n', b'two\n'])
        self.assertTrue(j.mon.complete())

    def test_nothing_to_wait_for(self):
        j = Judge('entry: x\nguest-tap: no\n')
        j.feed(b'whatever\n')
        self.assertFalse(j.mon.complete())

    def test_lenient_decoding(self):
        j = Judge('entry: x\nguest-tap: no\nexpect: ^caf.$\n')
        j.feed(b'caf\xff\r\n\x00')
        j.mon.flush()
        self.assertEqual(j.mon.lines, ['caf\ufffd', ''])
        self.assertTrue(j.mon.complete())


class TapTests(unittest.TestCase):
    def test_escape_hash_in_description(self):
        t = rt.Tap()
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            t.result(True, 'expect: a # b')
            t.result(False, 'x', 'TODO later')
            t.plan()
        self.assertEqual(out.getvalue().splitlines(),
                         ['ok 1 - expect: a \\# b', 'not ok 2 - x # TODO later', '1..2'])
        self.assertEqual(t.failed, 0)


if __name__ == '__main__':
    unittest.main()
