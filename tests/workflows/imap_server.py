"""A small IMAP4rev1 server for the tests: just the commands the intake's reader sends (LOGIN, SELECT,
UID SEARCH/FETCH/STORE/COPY, EXPUNGE, LOGOUT), over a real socket, so `imaplib` and the reader run as
they would against a production server. Messages live in memory: {uid: [raw bytes, set of flags]}."""

import re
import socketserver
import threading


class Mailbox:
    def __init__(self, messages):
        self.messages = {uid: [raw, set()] for uid, raw in enumerate(messages, start=1)}
        self.copied = []  # (uid, folder)
        self.lock = threading.Lock()


class Handler(socketserver.StreamRequestHandler):
    def send(self, line):
        self.wfile.write(line.encode() + b"\r\n") if isinstance(line, str) else self.wfile.write(line)

    def handle(self):
        box = self.server.mailbox
        self.send("* OK IMAP4rev1 test server ready")
        while line := self.rfile.readline():
            tag, _, rest = line.decode().strip().partition(" ")
            command, _, args = rest.partition(" ")
            command = command.upper()
            if command == "UID":
                command, _, args = args.partition(" ")
                command = "UID " + command.upper()
            with box.lock:
                done = self.answer(box, tag, command, args)
            if done:
                return

    def answer(self, box, tag, command, args):
        if command == "CAPABILITY":
            self.send("* CAPABILITY IMAP4rev1")
        elif command == "LOGIN":
            if [part.strip('"') for part in args.split()] != ["mailuser", "secret"]:
                self.send(f"{tag} NO bad credentials")
                return False
        elif command == "SELECT":
            self.send(f"* {len(box.messages)} EXISTS")
            self.send("* OK [UIDVALIDITY 1] UIDs valid")
        elif command == "UID SEARCH":
            keyword = re.search(r"UNKEYWORD (\S+)", args).group(1)
            uids = [
                str(uid)
                for uid, (_raw, flags) in box.messages.items()
                if keyword not in flags and "\\Deleted" not in flags
            ]
            self.send("* SEARCH " + " ".join(uids))
        elif command == "UID FETCH":
            uid = int(args.split()[0])
            raw = box.messages[uid][0]
            self.send(f"* {uid} FETCH (UID {uid} BODY[] {{{len(raw)}}}".encode() + b"\r\n" + raw + b")\r\n")
        elif command == "UID STORE":
            uid, _op, flags = args.split(" ", 2)
            box.messages[int(uid)][1].update(flags.strip("()").split())
        elif command == "UID COPY":
            uid, folder = args.split(" ", 1)
            box.copied.append((int(uid), folder.strip('"')))
        elif command == "EXPUNGE":
            for uid in [uid for uid, (_raw, flags) in box.messages.items() if "\\Deleted" in flags]:
                del box.messages[uid]
        elif command == "LOGOUT":
            self.send("* BYE")
            self.send(f"{tag} OK LOGOUT completed")
            return True
        self.send(f"{tag} OK {command} completed")
        return False


class ImapServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, messages):
        super().__init__(("127.0.0.1", 0), Handler)
        self.mailbox = Mailbox(messages)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
