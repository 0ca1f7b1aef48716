"""Writes the e-mail corpus (*.eml) and expected.json. Run once: `python tests/data/mail/generate.py`.

Raw bytes matter here, so every file is assembled byte by byte: wrong charsets, broken MIME, hostile
attachment names. Placeholders `<<ACK:file>>` and `<<NUMBER:file>>` stand for what the platform generates
at run time (our acknowledgement's Message-ID, an appeal's registration number); the corpus test puts the
real values in before it reads those files.
"""

import base64
import json
import quopri
import random
from pathlib import Path

HERE = Path(__file__).parent
CRLF = b"\r\n"
TEXT = b"text/plain; charset="

RU = "Здравствуйте! Прошу разъяснить порядок получения удостоверения личности через портал."
KK = "Сәлеметсіз бе! Жеке куәлікті порталда қалай алуға болатынын түсіндіріп беріңізші. Рақмет."


def enc_word(text, charset="utf-8", mode="B", label=None):
    """An RFC 2047 encoded word; `label` names another charset than the one the bytes are in (a lying client)."""
    data, label = text.encode(charset), label or charset
    if mode == "B":
        return f"=?{label}?B?{base64.b64encode(data).decode()}?=".encode()
    q = "".join(chr(b) if chr(b).isalnum() and b < 128 else "_" if b == 32 else f"={b:02X}" for b in data)
    return f"=?{label}?Q?{q}?=".encode()


def headers(mid, subject=b"", sender=b"Aigerim Nurlanova <aigerim@mail.kz>", extra=(), ctype=TEXT + b"utf-8"):
    lines = [
        b"Return-Path: <" + (sender.split(b"<")[-1].rstrip(b">") if b"<" in sender else sender) + b">",
        b"Received: from mx.mail.kz (mx.mail.kz [185.1.2.3]) by mx.goscorp.kz; Tue, 24 Nov 2026 10:00:00 +0500",
        b"From: " + sender,
        b"To: support@goscorp.kz",
        b"Date: Tue, 24 Nov 2026 10:00:00 +0500",
    ]
    if mid:
        lines.append(b"Message-ID: " + mid)
    if subject is not None:
        lines.append(b"Subject: " + subject)
    lines.append(b"MIME-Version: 1.0")
    lines.extend(extra)
    if ctype:
        lines.append(b"Content-Type: " + ctype)
    return b"\n".join(lines) + b"\n"


def letter(mid, subject, body, *, ctype=TEXT + b"utf-8", cte=b"8bit", extra=(), **kw):
    """A single-part letter: its headers, a blank line and the body, bytes as given."""
    return headers(mid, subject, ctype=ctype, extra=[b"Content-Transfer-Encoding: " + cte, *extra], **kw) + b"\n" + body


def declared(mid, subject, text, charset, mode="B", **kw):
    """Subject and body in `charset`, and the letter says so."""
    return letter(mid, enc_word(subject, charset, mode), text.encode(charset), ctype=TEXT + charset.encode(), **kw)


def mislabelled(mid, subject, body, label):
    """A UTF-8 subject and the body's bytes, both labelled `label`: a client that names the wrong charset."""
    return letter(mid, enc_word(subject, label=label), body, ctype=TEXT + label.encode())


def b64(data):
    return b"\n".join(base64.encodebytes(data).splitlines()) + b"\n"


def attachment_part(filename_header, ctype, data, boundary=b"b1_ucc"):
    return (
        b"--"
        + boundary
        + b"\nContent-Type: "
        + ctype
        + b"\nContent-Disposition: attachment; "
        + filename_header
        + b"\nContent-Transfer-Encoding: base64\n\n"
        + b64(data)
    )


def text_part(text, boundary=b"b1_ucc"):
    return b"--" + boundary + b"\nContent-Type: " + TEXT + b"utf-8\nContent-Transfer-Encoding: 8bit\n\n" + text + b"\n"


def mixed(mid, subject, text, *attachments, boundary=b"b1_ucc"):
    """A letter with a text part and attachments, each attachment given as (filename header, type, data)."""
    parts = [text_part(text, boundary)] + [attachment_part(*attachment, boundary) for attachment in attachments]
    raw = headers(mid, subject, ctype=b'multipart/mixed; boundary="' + boundary + b'"')
    return raw + b"\nThis is a multi-part message in MIME format.\n\n" + b"".join(parts) + b"--" + boundary + b"--\n"


def multipart(mid, subject, ctype, body):
    """A multipart letter whose parts are written out by hand (broken, nested, forwarded or a report)."""
    return headers(mid, subject, ctype=ctype) + body


def registered(subject, text, not_text=(), attachments=(), **more):
    return {
        "status": "registered",
        "subject": subject,
        "text": list(text),
        "not_text": list(not_text),
        "attachments": list(attachments),
        **more,
    }


def ignored(reason_contains):
    return {"status": "auto_reply_ignored", "auto_reason": reason_contains, "attachments": []}


def attached_to(original, text):
    return {"status": "attached_to_thread", "appeal_of": original, "text": [text]}


QUARANTINED = {"status": "quarantined"}
QP, BASE64 = b"quoted-printable", b"base64"


def charsets():
    """Subjects and bodies in the charsets Kazakh and Russian mail clients send: declared, undeclared, lied about."""
    return {
        "01-plain-utf8-ru.eml": (
            letter(
                b"<c01.plain@mail.kz>", "Вопрос по удостоверению".encode(), quopri.encodestring(RU.encode()), cte=QP
            ),
            registered("Вопрос по удостоверению", ["удостоверения личности"]),
        ),
        "02-kazakh-subject-base64.eml": (
            letter(
                b"<c02.kk-b64@mail.kz>",
                enc_word("Жеке куәлік туралы сұрақ"),
                b64(KK.encode()),
                cte=BASE64,
                sender=enc_word("Әсел Қайратқызы") + b" <asel@mail.kz>",
            ),
            registered(
                "Жеке куәлік туралы сұрақ",
                ["Жеке куәлікті порталда", "Рақмет"],
                sender_name="Әсел Қайратқызы",
                language="kk",
            ),
        ),
        "03-kazakh-subject-q.eml": (
            letter(
                b"<c03.kk-q@mail.kz>",
                enc_word("Өтініш: мекенжай анықтамасы", mode="Q") + b"\n " + enc_word("(шұғыл)", mode="Q"),
                quopri.encodestring(KK.encode()),
                cte=QP,
            ),
            registered("Өтініш: мекенжай анықтамасы(шұғыл)", ["Сәлеметсіз бе"]),
        ),
        "04-cp1251-declared.eml": (
            declared(
                b"<c04.cp1251@mail.ru>", "Справка о несудимости", RU, "windows-1251", sender=b"Petrov <petrov@mail.ru>"
            ),
            registered("Справка о несудимости", ["Здравствуйте! Прошу разъяснить"]),
        ),
        "05-koi8r-declared.eml": (
            declared(
                b"<c05.koi8@mail.ru>",
                "Пенсия по возрасту",
                "Добрый день. Когда назначается пенсия по возрасту?",
                "koi8-r",
                "Q",
            ),
            registered("Пенсия по возрасту", ["назначается пенсия"]),
        ),
        "06-koi8r-undeclared.eml": (
            letter(
                b"<c06.koi8-none@mail.ru>",
                "Субсидия на жильё".encode("koi8-r"),
                "Подскажите, пожалуйста, как оформить жилищную субсидию?".encode("koi8-r"),
                ctype=b"text/plain",
            ),
            registered("Субсидия на жильё", ["оформить жилищную субсидию"]),
        ),
        "07-cp1251-declared-utf8.eml": (
            letter(
                b"<c07.liar@mail.kz>",
                enc_word("Регистрация ИП", "utf-8"),
                "Как зарегистрировать индивидуального предпринимателя онлайн?".encode("cp1251"),
            ),
            registered("Регистрация ИП", ["зарегистрировать индивидуального предпринимателя"]),
        ),
        "08-utf8-declared-latin1.eml": (
            mislabelled(
                b"<c08.latin1@mail.kz>",
                "Пособие на ребёнка",
                "Когда приходит пособие по рождению ребёнка?".encode(),
                "iso-8859-1",
            ),
            registered("Пособие на ребёнка", ["пособие по рождению ребёнка"]),
        ),
        "09-utf8-declared-cp1252.eml": (
            letter(
                b"<c09.cp1252@mail.kz>",
                b"Re: eGov",
                "Не приходит SMS-код на портале eGov.".encode(),
                ctype=TEXT + b"windows-1252",
            ),
            registered("Re: eGov", ["Не приходит SMS-код"]),
        ),
        "10-unknown-charset.eml": (
            mislabelled(
                b"<c10.unknown@mail.kz>",
                "Загранпаспорт",
                "Сколько стоит оформление загранпаспорта?".encode("cp1251"),
                "x-unknown",
            ),
            registered("Загранпаспорт", ["оформление загранпаспорта"]),
        ),
        "11-raw-8bit-subject-cp1251.eml": (
            letter(
                b"<c11.raw-subject@mail.kz>",
                "Тема без кодировки".encode("cp1251"),
                "Текст письма в кодировке 1251 без объявления.".encode("cp1251"),
                ctype=None,
            ),
            registered("Тема без кодировки", ["Текст письма в кодировке"]),
        ),
    }


HOSTILE_HTML = (
    b"<html><head><title>T</title><style>body{color:red}</style><script>alert('head')</script></head>"
    b'<body onload="alert(1)"><p>\xd0\x97\xd0\xb4\xd1\x80\xd0\xb0\xd0\xb2\xd1\x81\xd1\x82\xd0\xb2\xd1'
    b"\x83\xd0\xb9\xd1\x82\xd0\xb5 &laquo;1414&raquo; &amp; eGov</p><script>document.cookie</script>"
    b"<img src=x onerror=\"alert('xss')\"><div>\xd0\x9f\xd1\x80\xd0\xbe\xd1\x88\xd1\x83 "
    b'\xd0\xbf\xd0\xbe\xd0\xbc\xd0\xbe\xd1\x87\xd1\x8c</div><a href="javascript:alert(2)">link</a>'
    b'<SCRIPT>evil()</SCRIPT><iframe src="http://evil">frame text</iframe></body></html>'
)


def html():
    """HTML is read as text: scripts, styles and frames dropped, entities decoded, an escaped tag kept as text."""
    html_type = b"text/html; charset=utf-8"
    escaped = b"<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; \xd1\x82\xd0\xb5\xd0\xba\xd1\x81\xd1\x82</p>"
    alternative = (
        b"\n"
        + text_part("Текстовая версия письма.".encode(), b"alt_b")
        + b"--alt_b\nContent-Type: text/html; charset=utf-8\n\n"
        + "<p>HTML-версия <b>письма</b></p>".encode()
        + b"\n--alt_b--\n"
    )
    return {
        "12-html-only-script.eml": (
            letter(b"<c12.html@mail.kz>", b"HTML letter", HOSTILE_HTML, ctype=html_type),
            registered(
                "HTML letter",
                ["Здравствуйте «1414» & eGov", "Прошу помочь", "link"],
                ["alert", "document.cookie", "evil()", "color:red", "frame text", "onerror"],
            ),
        ),
        "13-multipart-alternative.eml": (
            multipart(b"<c13.alt@mail.kz>", b"Alternative", b'multipart/alternative; boundary="alt_b"', alternative),
            registered("Alternative", ["Текстовая версия письма."], ["HTML-версия"]),
        ),
        "14-html-escaped-script-text.eml": (
            letter(b"<c14.escaped@mail.kz>", b"<script>alert(1)</script> subject", escaped, ctype=html_type),
            registered("‹script>alert(1)‹/script> subject", ['‹script>alert("x")', "текст"], ["<script"]),
        ),
    }


def empty():
    """A letter with only a subject, and one with neither subject nor body."""
    return {
        "15-empty-body.eml": (
            letter(b"<c15.empty@mail.kz>", "Только тема".encode(), b""),
            registered("Только тема", [], content="Только тема"),
        ),
        "16-no-subject-no-body.eml": (
            headers(b"<c16.nothing@mail.kz>", None, ctype=None) + b"\n",
            registered("", [], content="(empty e-mail)"),
        ),
    }


def attachments():
    """Hostile attachment names (paths, NULs, 300 characters), a Kazakh name, one over the size cap, TNEF."""
    long_name = "а" * 300 + ".pdf"
    rng = random.Random(1414)
    huge = bytes(rng.getrandbits(8) for _ in range(200 * 1024))
    octets = b"application/octet-stream"
    return {
        "17-attachment-dotdot.eml": (
            mixed(
                b"<c17.dotdot@mail.kz>",
                b"Attachment with a path",
                "Документ во вложении.".encode(),
                (b'filename="../../../etc/passwd"', octets, b"root:x:0:0\n"),
            ),
            registered("Attachment with a path", ["Документ во вложении."], attachments=[["passwd", "01-passwd.bin"]]),
        ),
        "18-attachment-absolute.eml": (
            mixed(
                b"<c18.absolute@mail.kz>",
                b"Absolute paths",
                b"See files.",
                (b'filename="/var/www/html/shell.php"', b"application/x-php", b"<?php ?>"),
                (b'filename="C:\\\\Windows\\\\System32\\\\evil.exe"', octets, b"MZ\x90\x00"),
            ),
            registered(
                "Absolute paths",
                ["See files."],
                attachments=[["shell.php", "01-shell.php"], ["evil.exe", "02-evil.exe"]],
            ),
        ),
        "19-attachment-nul-overlong.eml": (
            mixed(
                b"<c19.nul@mail.kz>",
                b"NUL and long names",
                b"Two files.",
                (b"filename*=utf-8''report%00.txt%00..%2F..%2Fx.sh", b"text/plain", b"hi"),
                (
                    b"filename*=utf-8''" + "".join(f"%{b:02X}" for b in long_name.encode()).encode(),
                    b"application/pdf",
                    b"%PDF-1.4",
                ),
            ),
            registered(
                "NUL and long names",
                ["Two files."],
                attachments=[["x.sh", "01-x.sh"], ["а" * 196 + ".pdf", "02-" + "a" * 60 + ".pdf"]],
            ),
        ),
        "20-attachment-kazakh-name.eml": (
            mixed(
                b"<c20.kkname@mail.kz>",
                enc_word("Құжаттар"),
                "Өтінішті жіберемін.".encode(),
                (b'filename="' + enc_word("Өтініш 2026.pdf") + b'"', b"application/pdf", b"%PDF-1.4 kk"),
            ),
            registered("Құжаттар", ["Өтінішті жіберемін."], attachments=[["Өтініш 2026.pdf", "01-otinish-2026.pdf"]]),
        ),
        "21-huge-attachment.eml": (
            mixed(
                b"<c21.huge@mail.kz>",
                b"Scan of my documents",
                b"The scan is attached.",
                (b'filename="scan.tiff"', b"image/tiff", huge),
                (b'filename="small.txt"', b"text/plain", b"small file"),
            ),
            registered(
                "Scan of my documents",
                ["The scan is attached."],
                attachments=[["small.txt", "02-small.txt"]],
                over_cap=["scan.tiff"],
            ),
        ),
        "22-winmail-tnef.eml": (
            mixed(
                b"<c22.tnef@outlook.kz>",
                b"Outlook letter",
                b"Sent from Outlook.",
                (
                    b'filename="winmail.dat"',
                    b"application/ms-tnef",
                    b"\x78\x9f\x3e\x22\x00\x00\x01\x06\x90\x08\x00\x04",
                ),
            ),
            registered("Outlook letter", ["Sent from Outlook."], attachments=[["winmail.dat", "01-winmail.dat"]]),
        ),
        "23-forwarded-rfc822.eml": (
            multipart(
                b"<c23.fwd@mail.kz>",
                b"Fwd: forwarded letter",
                b'multipart/mixed; boundary="fw"',
                "\n--fw\nContent-Type: text/plain; charset=utf-8\n\nПересылаю письмо.\n".encode()
                + b"--fw\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n"
                + headers(b"<inner.fwd@mail.kz>", "Пересылаемое".encode(), sender=b"Boss <boss@gov.kz>")
                + b"\n<script>alert('inner')</script> inner text\n"
                + b"--fw--\n",
            ),
            registered(
                "Fwd: forwarded letter",
                ["Пересылаю письмо."],
                ["inner text"],
                attachments=[["attachment-1.eml", "01-attachment.eml"]],
            ),
        ),
    }


def broken_mime():
    """MIME that lies or stops: a wrong boundary, no closing one, headers without colons, base64 with garbage."""
    nested = (
        b'\n--out\nContent-Type: multipart/alternative; boundary="in"\n\n--in\n'
        + b"Content-Type: text/plain; charset=utf-8\n\n"
        + "Вложенная структура.".encode()
        + b"\n--in\nContent-Type: text/html\n\n"
        + b"<p>html</p>\n--in--\n--out\nContent-Type: image/png\nContent-ID: <logo>\n"
        + b"Content-Transfer-Encoding: base64\n\n"
        + b64(b"\x89PNG\r\n\x1a\n")
        + b"--out--\n"
    )
    return {
        "24-broken-boundary.eml": (
            multipart(
                b"<c24.boundary@mail.kz>",
                b"Broken boundary",
                b'multipart/mixed; boundary="declared"',
                "\n--actual\nContent-Type: text/plain; charset=utf-8\n\n"
                "Текст при сломанной границе.\n--actual--\n".encode(),
            ),
            registered("Broken boundary", ["Текст при сломанной границе."]),
        ),
        "25-unterminated-multipart.eml": (
            multipart(
                b"<c25.unterminated@mail.kz>",
                b"No closing boundary",
                b'multipart/mixed; boundary="open"',
                b"\n--open\nContent-Type: text/plain; charset=windows-1251\n\n"
                + "Письмо оборвалось на середине".encode("cp1251")
                + b"\n--open\nContent-Type: application/pdf; na",
            ),
            registered("No closing boundary", ["Письмо оборвалось на середине"]),
        ),
        "26-malformed-headers.eml": (
            b"From: Malformed <malformed@mail.kz>\nTo support@goscorp.kz\nSubject: Malformed headers\n"
            b"Date: not a date at all\nMessage-ID: <c26.malformed@mail.kz>\n this continuation has no header\n"
            b"Content-Type: text/plain; charset=\n\n" + "Tело письма с битыми заголовками.\n".encode(),
            registered("", ["Subject: Malformed headers", "письма с битыми заголовками"], message_id="sha256"),
        ),
        "27-broken-base64.eml": (
            letter(
                b"<c27.b64@mail.kz>",
                b"Broken base64",
                base64.b64encode("Сломанный base64 всё равно читается.".encode())[:-3] + b"!!\n",
                cte=BASE64,
            ),
            registered("Broken base64", ["Сломанный base64"]),
        ),
        "28-nested-multipart-crlf.eml": (
            multipart(b"<c28.nested@mail.kz>", b"Nested", b'multipart/mixed; boundary="out"', nested).replace(
                b"\n", CRLF
            ),
            registered("Nested", ["Вложенная структура."], attachments=[["attachment-1.png", "01-attachment.png"]]),
        ),
    }


def threads():
    """The same letter twice, one without a Message-ID, and replies found by In-Reply-To, number or References."""
    duplicate = "Дубликат письма.".encode()
    return {
        "29-duplicate-first.eml": (
            letter(b"<c29.same-id@mail.kz>", b"Duplicate", duplicate),
            registered("Duplicate", ["Дубликат письма."]),
        ),
        "30-duplicate-second.eml": (
            letter(b"<c29.same-id@mail.kz>", b"Duplicate", duplicate, extra=[b"X-Resent-Via: second route"]),
            {"status": "duplicate", "duplicate_of": "29-duplicate-first.eml"},
        ),
        "31-no-message-id.eml": (
            letter(None, b"No Message-ID", "Письмо без идентификатора.".encode()),
            registered("No Message-ID", ["Письмо без идентификатора."], message_id="sha256"),
        ),
        "32-reply-in-reply-to-ack.eml": (
            letter(
                b"<c32.reply@mail.kz>",
                "Re: Ваше обращение".encode(),
                "Дополняю своё обращение: номер ИИН 900101300123.".encode(),
                extra=[b"In-Reply-To: <<ACK:01-plain-utf8-ru.eml>>"],
            ),
            attached_to("01-plain-utf8-ru.eml", "Дополняю"),
        ),
        "33-reply-number-in-subject.eml": (
            letter(
                b"<c33.number@mail.ru>",
                b"Re: <<NUMBER:04-cp1251-declared.eml>>",
                "Ещё один вопрос по справке.".encode(),
                sender=b"Petrov <PETROV@mail.ru>",  # the sender of 04, in capitals
            ),
            attached_to("04-cp1251-declared.eml", "Ещё один"),
        ),
        "34-number-from-stranger.eml": (
            letter(
                b"<c34.stranger@mail.kz>",
                b"About <<NUMBER:04-cp1251-declared.eml>>",
                "Чужое обращение.".encode(),
                sender=b"Stranger <stranger@mail.kz>",
            ),
            registered("About <<NUMBER:04-cp1251-declared.eml>>", ["Чужое обращение."]),
        ),
        "35-reply-references-original.eml": (
            letter(
                b"<c35.refs@mail.kz>",
                b"Re: follow-up",
                "Уточнение к письму.".encode(),
                extra=[b"References: <c13.alt@mail.kz>"],
            ),
            attached_to("13-multipart-alternative.eml", "Уточнение"),
        ),
    }


def robots():
    """Auto-replies, bounces, mailing lists and our own address are not appeals; a person who says so is."""
    report = (
        b"\n--rep\nContent-Type: text/plain\n\nThis is the mail system. Delivery failed.\n--rep\n"
        b"Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; nobody@mail.kz\nStatus: 5.1.1\n--rep--\n"
    )
    bounce = headers(
        b"<c37.bounce@mx.mail.kz>",
        b"Undelivered Mail Returned to Sender",
        sender=b"MAILER-DAEMON@mx.mail.kz (Mail Delivery System)",
        ctype=b'multipart/report; report-type=delivery-status; boundary="rep"',
    )
    out_of_office = [b"Auto-Submitted: auto-replied", b"In-Reply-To: <<ACK:01-plain-utf8-ru.eml>>"]
    mailing_list = [
        b"List-Id: Weekly news <news.lists.kz>",
        b"Precedence: bulk",
        b"List-Unsubscribe: <mailto:u@lists.kz>",
    ]
    return {
        "36-auto-replied.eml": (
            letter(b"<c36.ooo@mail.kz>", b"Out of office", "Я в отпуске до 1 декабря.".encode(), extra=out_of_office),
            ignored("Auto-Submitted"),
        ),
        "37-bounce-mailer-daemon.eml": (bounce + report, ignored("bounce")),
        "38-mailing-list.eml": (
            letter(
                b"<c38.list@lists.kz>",
                b"[news] Weekly digest",
                b"Digest of the week.",
                sender=b"News <news@lists.kz>",
                extra=mailing_list,
            ),
            ignored("Precedence: bulk"),
        ),
        "39-x-autoreply.eml": (
            letter(b"<c39.xauto@mail.ru>", b"Auto: thank you", b"Thank you, we got it.", extra=[b"X-Autoreply: yes"]),
            ignored("X-Autoreply"),
        ),
        "40-own-address-loop.eml": (
            letter(
                b"<c40.loop@goscorp.kz>", b"Your appeal is registered", b"Loop.", sender=b"UCC <support@goscorp.kz>"
            ),
            ignored("loop"),
        ),
        "41-precedence-junk.eml": (
            letter(
                b"<c41.junk@spam.kz>",
                b"WIN A PRIZE",
                b"Click here.",
                extra=[b"Precedence: junk"],
                sender=b"spam@spam.kz",
            ),
            ignored("Precedence: junk"),
        ),
        "42-postmaster.eml": (
            letter(b"<c42.pm@mail.kz>", b"Delivery Status Notification", b"Failed.", sender=b"postmaster@mail.kz"),
            ignored("bounce"),
        ),
        "43-auto-submitted-no.eml": (
            letter(
                b"<c43.human@mail.kz>",
                b"Written by a person",
                b"I wrote this myself.",
                extra=[b"Auto-Submitted: no"],
                sender=b"Human <human@mail.kz>",
            ),
            registered("Written by a person", ["I wrote this myself."]),
        ),
        "44-x-autorespond.eml": (
            letter(b"<c44.xresp@mail.kz>", b"Autoresponse", b"Away.", extra=[b"X-Autorespond: Away"]),
            ignored("X-Autorespond"),
        ),
    }


def not_mail():
    """Bytes that are no e-mail at all go to quarantine."""
    garbage = bytes([random.Random(7).getrandbits(8)]) * 4096  # one byte, 4096 times, as the corpus holds it
    return {
        "45-garbage.eml": (garbage.replace(b":", b";"), QUARANTINED),
        "46-zero-byte.eml": (b"", QUARANTINED),
        "47-no-sender.eml": (
            b"To: support@goscorp.kz\nSubject: who am I\nMessage-ID: <c47@x>\n\nNo From at all.\n",
            QUARANTINED,
        ),
        "48-text-file.eml": ("Это просто текстовый файл, а не письмо.\nВторая строка.\n".encode(), QUARANTINED),
    }


def odd_headers():
    """A reply address that cannot be answered, and a subject folded over two encoded words."""
    return {
        "49-invalid-sender-address.eml": (
            letter(
                b"<c49.badaddr@mail.kz>",
                b"Bad reply address",
                b"My address is broken.",
                sender=b"Broken <broken@@mail..kz>",
            ),
            registered("Bad reply address", ["My address is broken."], acknowledged=False),
        ),
        "50-long-folded-subject.eml": (
            letter(
                b"<c50.folded@mail.kz>",
                enc_word("Очень длинная тема письма о получении ") + b"\n\t" + enc_word("справки о составе семьи"),
                "Нужна справка о составе семьи.".encode(),
            ),
            registered("Очень длинная тема письма о получении справки о составе семьи", ["справка о составе семьи"]),
        ),
    }


KINDS = (charsets, html, empty, attachments, broken_mime, threads, robots, not_mail, odd_headers)


def build():
    """Every fixture of the corpus, kind after kind: {file name: (raw bytes, what the intake must make of it)}."""
    corpus = {}
    for kind in KINDS:
        corpus.update(kind())
    return corpus


def main():
    corpus = build()
    for old in HERE.glob("*.eml"):
        old.unlink()
    for name, (raw, _) in corpus.items():
        (HERE / name).write_bytes(raw)
    expected = {name: outcome for name, (_, outcome) in corpus.items()}
    with open(HERE / "expected.json", "w", encoding="utf-8") as out:
        json.dump(expected, out, ensure_ascii=False, indent=1, sort_keys=True)
        out.write("\n")
    print(f"{len(corpus)} files written to {HERE}")


if __name__ == "__main__":
    main()
