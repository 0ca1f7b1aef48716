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
FILES, EXPECTED = {}, {}
CRLF = b"\r\n"

RU = "Здравствуйте! Прошу разъяснить порядок получения удостоверения личности через портал."
KK = "Сәлеметсіз бе! Жеке куәлікті порталда қалай алуға болатынын түсіндіріп беріңізші. Рақмет."


def enc_word(text, charset="utf-8", mode="B"):
    data = text.encode(charset)
    if mode == "B":
        return f"=?{charset}?B?{base64.b64encode(data).decode()}?=".encode()
    q = "".join(chr(b) if chr(b).isalnum() and b < 128 else "_" if b == 32 else f"={b:02X}" for b in data)
    return f"=?{charset}?Q?{q}?=".encode()


def headers(
    mid, subject=b"", sender=b"Aigerim Nurlanova <aigerim@mail.kz>", extra=(), ctype=b"text/plain; charset=utf-8"
):
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


def add(name, raw, expected):
    FILES[name] = raw
    EXPECTED[name] = expected


def plain(name, mid, subject, body, ctype=b"text/plain; charset=utf-8", cte=b"8bit", expected=None, **kw):
    raw = headers(mid, subject, ctype=ctype, extra=[b"Content-Transfer-Encoding: " + cte, *kw.pop("extra", ())], **kw)
    add(name, raw + b"\n" + body, expected)


def b64(data):
    return b"\n".join(base64.encodebytes(data).splitlines()) + b"\n"


def attachment_part(boundary, filename_header, ctype, data):
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


def text_part(boundary, text, charset=b"utf-8"):
    return (
        b"--"
        + boundary
        + b"\nContent-Type: text/plain; charset="
        + charset
        + b"\nContent-Transfer-Encoding: 8bit\n\n"
        + text
        + b"\n"
    )


def mixed(name, mid, subject, parts, boundary=b"b1_ucc", expected=None, **kw):
    raw = headers(mid, subject, ctype=b'multipart/mixed; boundary="' + boundary + b'"', **kw)
    add(
        name,
        raw + b"\nThis is a multi-part message in MIME format.\n\n" + b"".join(parts) + b"--" + boundary + b"--\n",
        expected,
    )


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


def build():  # noqa: PLR0915 - one file after another, in the order of the corpus
    rb = registered
    # --- charsets ------------------------------------------------------------------------------------
    plain(
        "01-plain-utf8-ru.eml",
        b"<c01.plain@mail.kz>",
        "Вопрос по удостоверению".encode(),
        quopri.encodestring(RU.encode()),
        cte=b"quoted-printable",
        expected=rb("Вопрос по удостоверению", ["удостоверения личности"]),
    )
    plain(
        "02-kazakh-subject-base64.eml",
        b"<c02.kk-b64@mail.kz>",
        enc_word("Жеке куәлік туралы сұрақ"),
        b64(KK.encode()),
        cte=b"base64",
        sender=b"=?utf-8?B?" + base64.b64encode("Әсел Қайратқызы".encode()) + b"?= <asel@mail.kz>",
        expected=rb(
            "Жеке куәлік туралы сұрақ",
            ["Жеке куәлікті порталда", "Рақмет"],
            sender_name="Әсел Қайратқызы",
            language="kk",
        ),
    )
    plain(
        "03-kazakh-subject-q.eml",
        b"<c03.kk-q@mail.kz>",
        enc_word("Өтініш: мекенжай анықтамасы", mode="Q") + b"\n " + enc_word("(шұғыл)", mode="Q"),
        quopri.encodestring(KK.encode()),
        cte=b"quoted-printable",
        expected=rb("Өтініш: мекенжай анықтамасы(шұғыл)", ["Сәлеметсіз бе"]),
    )
    plain(
        "04-cp1251-declared.eml",
        b"<c04.cp1251@mail.ru>",
        enc_word("Справка о несудимости", "windows-1251"),
        RU.encode("cp1251"),
        ctype=b"text/plain; charset=windows-1251",
        sender=b"Petrov <petrov@mail.ru>",
        expected=rb("Справка о несудимости", ["Здравствуйте! Прошу разъяснить"]),
    )
    plain(
        "05-koi8r-declared.eml",
        b"<c05.koi8@mail.ru>",
        enc_word("Пенсия по возрасту", "koi8-r", "Q"),
        "Добрый день. Когда назначается пенсия по возрасту?".encode("koi8-r"),
        ctype=b"text/plain; charset=koi8-r",
        expected=rb("Пенсия по возрасту", ["назначается пенсия"]),
    )
    plain(
        "06-koi8r-undeclared.eml",
        b"<c06.koi8-none@mail.ru>",
        "Субсидия на жильё".encode("koi8-r"),
        "Подскажите, пожалуйста, как оформить жилищную субсидию?".encode("koi8-r"),
        ctype=b"text/plain",
        expected=rb("Субсидия на жильё", ["оформить жилищную субсидию"]),
    )
    plain(
        "07-cp1251-declared-utf8.eml",
        b"<c07.liar@mail.kz>",
        enc_word("Регистрация ИП", "utf-8"),
        "Как зарегистрировать индивидуального предпринимателя онлайн?".encode("cp1251"),
        expected=rb("Регистрация ИП", ["зарегистрировать индивидуального предпринимателя"]),
    )
    plain(
        "08-utf8-declared-latin1.eml",
        b"<c08.latin1@mail.kz>",
        b"=?iso-8859-1?B?" + base64.b64encode("Пособие на ребёнка".encode()) + b"?=",
        "Когда приходит пособие по рождению ребёнка?".encode(),
        ctype=b"text/plain; charset=iso-8859-1",
        expected=rb("Пособие на ребёнка", ["пособие по рождению ребёнка"]),
    )
    plain(
        "09-utf8-declared-cp1252.eml",
        b"<c09.cp1252@mail.kz>",
        b"Re: eGov",
        "Не приходит SMS-код на портале eGov.".encode(),
        ctype=b"text/plain; charset=windows-1252",
        expected=rb("Re: eGov", ["Не приходит SMS-код"]),
    )
    plain(
        "10-unknown-charset.eml",
        b"<c10.unknown@mail.kz>",
        b"=?x-unknown?B?" + base64.b64encode("Загранпаспорт".encode()) + b"?=",
        "Сколько стоит оформление загранпаспорта?".encode("cp1251"),
        ctype=b"text/plain; charset=x-unknown",
        expected=rb("Загранпаспорт", ["оформление загранпаспорта"]),
    )
    plain(
        "11-raw-8bit-subject-cp1251.eml",
        b"<c11.raw-subject@mail.kz>",
        "Тема без кодировки".encode("cp1251"),
        "Текст письма в кодировке 1251 без объявления.".encode("cp1251"),
        ctype=None,
        expected=rb("Тема без кодировки", ["Текст письма в кодировке"]),
    )
    # --- HTML ----------------------------------------------------------------------------------------
    html = (
        b"<html><head><title>T</title><style>body{color:red}</style><script>alert('head')</script></head>"
        b'<body onload="alert(1)"><p>\xd0\x97\xd0\xb4\xd1\x80\xd0\xb0\xd0\xb2\xd1\x81\xd1\x82\xd0\xb2\xd1'
        b"\x83\xd0\xb9\xd1\x82\xd0\xb5 &laquo;1414&raquo; &amp; eGov</p><script>document.cookie</script>"
        b"<img src=x onerror=\"alert('xss')\"><div>\xd0\x9f\xd1\x80\xd0\xbe\xd1\x88\xd1\x83 "
        b'\xd0\xbf\xd0\xbe\xd0\xbc\xd0\xbe\xd1\x87\xd1\x8c</div><a href="javascript:alert(2)">link</a>'
        b'<SCRIPT>evil()</SCRIPT><iframe src="http://evil">frame text</iframe></body></html>'
    )
    plain(
        "12-html-only-script.eml",
        b"<c12.html@mail.kz>",
        b"HTML letter",
        html,
        ctype=b"text/html; charset=utf-8",
        expected=rb(
            "HTML letter",
            ["Здравствуйте «1414» & eGov", "Прошу помочь", "link"],
            ["alert", "document.cookie", "evil()", "color:red", "frame text", "onerror"],
        ),
    )
    alt = b"alt_b"
    add(
        "13-multipart-alternative.eml",
        headers(b"<c13.alt@mail.kz>", b"Alternative", ctype=b'multipart/alternative; boundary="alt_b"')
        + b"\n"
        + text_part(alt, "Текстовая версия письма.".encode())
        + b"--alt_b\nContent-Type: text/html; charset=utf-8\n\n"
        + "<p>HTML-версия <b>письма</b></p>".encode()
        + b"\n--alt_b--\n",
        rb("Alternative", ["Текстовая версия письма."], ["HTML-версия"]),
    )
    plain(
        "14-html-escaped-script-text.eml",
        b"<c14.escaped@mail.kz>",
        b"<script>alert(1)</script> subject",
        b"<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; \xd1\x82\xd0\xb5\xd0\xba\xd1\x81\xd1\x82</p>",
        ctype=b"text/html; charset=utf-8",
        expected=rb("‹script>alert(1)‹/script> subject", ['‹script>alert("x")', "текст"], ["<script"]),
    )
    # --- empty ---------------------------------------------------------------------------------------
    plain(
        "15-empty-body.eml",
        b"<c15.empty@mail.kz>",
        "Только тема".encode(),
        b"",
        expected=rb("Только тема", [], content="Только тема"),
    )
    add(
        "16-no-subject-no-body.eml",
        headers(b"<c16.nothing@mail.kz>", None, ctype=None) + b"\n",
        rb("", [], content="(empty e-mail)"),
    )
    # --- attachments ---------------------------------------------------------------------------------
    mixed(
        "17-attachment-dotdot.eml",
        b"<c17.dotdot@mail.kz>",
        b"Attachment with a path",
        [
            text_part(b"b1_ucc", "Документ во вложении.".encode()),
            attachment_part(b"b1_ucc", b'filename="../../../etc/passwd"', b"application/octet-stream", b"root:x:0:0\n"),
        ],
        expected=rb("Attachment with a path", ["Документ во вложении."], attachments=[["passwd", "01-passwd.bin"]]),
    )
    mixed(
        "18-attachment-absolute.eml",
        b"<c18.absolute@mail.kz>",
        b"Absolute paths",
        [
            text_part(b"b1_ucc", b"See files."),
            attachment_part(b"b1_ucc", b'filename="/var/www/html/shell.php"', b"application/x-php", b"<?php ?>"),
            attachment_part(
                b"b1_ucc",
                b'filename="C:\\\\Windows\\\\System32\\\\evil.exe"',
                b"application/octet-stream",
                b"MZ\x90\x00",
            ),
        ],
        expected=rb(
            "Absolute paths", ["See files."], attachments=[["shell.php", "01-shell.php"], ["evil.exe", "02-evil.exe"]]
        ),
    )
    long_name = "а" * 300 + ".pdf"
    mixed(
        "19-attachment-nul-overlong.eml",
        b"<c19.nul@mail.kz>",
        b"NUL and long names",
        [
            text_part(b"b1_ucc", b"Two files."),
            attachment_part(b"b1_ucc", b"filename*=utf-8''report%00.txt%00..%2F..%2Fx.sh", b"text/plain", b"hi"),
            attachment_part(
                b"b1_ucc",
                b"filename*=utf-8''" + "".join(f"%{b:02X}" for b in long_name.encode()).encode(),
                b"application/pdf",
                b"%PDF-1.4",
            ),
        ],
        expected=rb(
            "NUL and long names",
            ["Two files."],
            attachments=[["x.sh", "01-x.sh"], ["а" * 196 + ".pdf", "02-" + "a" * 60 + ".pdf"]],
        ),
    )
    mixed(
        "20-attachment-kazakh-name.eml",
        b"<c20.kkname@mail.kz>",
        enc_word("Құжаттар"),
        [
            text_part(b"b1_ucc", "Өтінішті жіберемін.".encode()),
            attachment_part(
                b"b1_ucc", b'filename="' + enc_word("Өтініш 2026.pdf") + b'"', b"application/pdf", b"%PDF-1.4 kk"
            ),
        ],
        expected=rb("Құжаттар", ["Өтінішті жіберемін."], attachments=[["Өтініш 2026.pdf", "01-otinish-2026.pdf"]]),
    )
    rng = random.Random(1414)
    huge = bytes(rng.getrandbits(8) for _ in range(200 * 1024))
    mixed(
        "21-huge-attachment.eml",
        b"<c21.huge@mail.kz>",
        b"Scan of my documents",
        [
            text_part(b"b1_ucc", b"The scan is attached."),
            attachment_part(b"b1_ucc", b'filename="scan.tiff"', b"image/tiff", huge),
            attachment_part(b"b1_ucc", b'filename="small.txt"', b"text/plain", b"small file"),
        ],
        expected=rb(
            "Scan of my documents",
            ["The scan is attached."],
            attachments=[["small.txt", "02-small.txt"]],
            over_cap=["scan.tiff"],
        ),
    )
    mixed(
        "22-winmail-tnef.eml",
        b"<c22.tnef@outlook.kz>",
        b"Outlook letter",
        [
            text_part(b"b1_ucc", b"Sent from Outlook."),
            attachment_part(
                b"b1_ucc",
                b'filename="winmail.dat"',
                b"application/ms-tnef",
                b"\x78\x9f\x3e\x22\x00\x00\x01\x06\x90\x08\x00\x04",
            ),
        ],
        expected=rb("Outlook letter", ["Sent from Outlook."], attachments=[["winmail.dat", "01-winmail.dat"]]),
    )
    inner = headers(b"<inner.fwd@mail.kz>", "Пересылаемое".encode(), sender=b"Boss <boss@gov.kz>") + (
        b"\n<script>alert('inner')</script> inner text\n"
    )
    add(
        "23-forwarded-rfc822.eml",
        headers(b"<c23.fwd@mail.kz>", b"Fwd: forwarded letter", ctype=b'multipart/mixed; boundary="fw"')
        + "\n--fw\nContent-Type: text/plain; charset=utf-8\n\nПересылаю письмо.\n".encode()
        + b"--fw\nContent-Type: message/rfc822\nContent-Disposition: attachment\n\n"
        + inner
        + b"--fw--\n",
        rb(
            "Fwd: forwarded letter",
            ["Пересылаю письмо."],
            ["inner text"],
            attachments=[["attachment-1.eml", "01-attachment.eml"]],
        ),
    )
    # --- broken MIME ---------------------------------------------------------------------------------
    add(
        "24-broken-boundary.eml",
        headers(b"<c24.boundary@mail.kz>", b"Broken boundary", ctype=b'multipart/mixed; boundary="declared"')
        + "\n--actual\nContent-Type: text/plain; charset=utf-8\n\nТекст при сломанной границе.\n--actual--\n".encode(),
        rb("Broken boundary", ["Текст при сломанной границе."]),
    )
    add(
        "25-unterminated-multipart.eml",
        headers(b"<c25.unterminated@mail.kz>", b"No closing boundary", ctype=b'multipart/mixed; boundary="open"')
        + b"\n--open\nContent-Type: text/plain; charset=windows-1251\n\n"
        + "Письмо оборвалось на середине".encode("cp1251")
        + b"\n--open\nContent-Type: application/pdf; na",
        rb("No closing boundary", ["Письмо оборвалось на середине"]),
    )
    add(
        "26-malformed-headers.eml",
        b"From: Malformed <malformed@mail.kz>\nTo support@goscorp.kz\nSubject: Malformed headers\n"
        b"Date: not a date at all\nMessage-ID: <c26.malformed@mail.kz>\n this continuation has no header\n"
        b"Content-Type: text/plain; charset=\n\n" + "Tело письма с битыми заголовками.\n".encode(),
        rb("", ["Subject: Malformed headers", "письма с битыми заголовками"], message_id="sha256"),
    )
    plain(
        "27-broken-base64.eml",
        b"<c27.b64@mail.kz>",
        b"Broken base64",
        base64.b64encode("Сломанный base64 всё равно читается.".encode())[:-3] + b"!!\n",
        cte=b"base64",
        expected=rb("Broken base64", ["Сломанный base64"]),
    )
    add(
        "28-nested-multipart-crlf.eml",
        (
            headers(b"<c28.nested@mail.kz>", b"Nested", ctype=b'multipart/mixed; boundary="out"')
            + b'\n--out\nContent-Type: multipart/alternative; boundary="in"\n\n--in\n'
            + b"Content-Type: text/plain; charset=utf-8\n\n"
            + "Вложенная структура.".encode()
            + b"\n--in\nContent-Type: text/html\n\n"
            + b"<p>html</p>\n--in--\n--out\nContent-Type: image/png\nContent-ID: <logo>\n"
            + b"Content-Transfer-Encoding: base64\n\n"
            + b64(b"\x89PNG\r\n\x1a\n")
            + b"--out--\n"
        ).replace(b"\n", CRLF),
        rb("Nested", ["Вложенная структура."], attachments=[["attachment-1.png", "01-attachment.png"]]),
    )
    # --- duplicates, missing Message-ID, threads ------------------------------------------------------
    dup_body = "Дубликат письма.".encode()
    plain(
        "29-duplicate-first.eml",
        b"<c29.same-id@mail.kz>",
        b"Duplicate",
        dup_body,
        expected=rb("Duplicate", ["Дубликат письма."]),
    )
    plain(
        "30-duplicate-second.eml",
        b"<c29.same-id@mail.kz>",
        b"Duplicate",
        dup_body,
        extra=[b"X-Resent-Via: second route"],
        expected={"status": "duplicate", "duplicate_of": "29-duplicate-first.eml"},
    )
    plain(
        "31-no-message-id.eml",
        None,
        b"No Message-ID",
        "Письмо без идентификатора.".encode(),
        expected=rb("No Message-ID", ["Письмо без идентификатора."], message_id="sha256"),
    )
    plain(
        "32-reply-in-reply-to-ack.eml",
        b"<c32.reply@mail.kz>",
        "Re: Ваше обращение".encode(),
        "Дополняю своё обращение: номер ИИН 900101300123.".encode(),
        extra=[b"In-Reply-To: <<ACK:01-plain-utf8-ru.eml>>"],
        expected={"status": "attached_to_thread", "appeal_of": "01-plain-utf8-ru.eml", "text": ["Дополняю"]},
    )
    plain(
        "33-reply-number-in-subject.eml",
        b"<c33.number@mail.ru>",
        b"Re: <<NUMBER:04-cp1251-declared.eml>>",
        "Ещё один вопрос по справке.".encode(),
        sender=b"Petrov <PETROV@mail.ru>",
        expected={"status": "attached_to_thread", "appeal_of": "04-cp1251-declared.eml", "text": ["Ещё один"]},
    )
    plain(
        "34-number-from-stranger.eml",
        b"<c34.stranger@mail.kz>",
        b"About <<NUMBER:04-cp1251-declared.eml>>",
        "Чужое обращение.".encode(),
        sender=b"Stranger <stranger@mail.kz>",
        expected=rb("About <<NUMBER:04-cp1251-declared.eml>>", ["Чужое обращение."]),
    )
    plain(
        "35-reply-references-original.eml",
        b"<c35.refs@mail.kz>",
        b"Re: follow-up",
        "Уточнение к письму.".encode(),
        extra=[b"References: <c13.alt@mail.kz>"],
        expected={"status": "attached_to_thread", "appeal_of": "13-multipart-alternative.eml", "text": ["Уточнение"]},
    )
    # --- auto-replies, bounces, lists, loops ---------------------------------------------------------
    plain(
        "36-auto-replied.eml",
        b"<c36.ooo@mail.kz>",
        b"Out of office",
        "Я в отпуске до 1 декабря.".encode(),
        extra=[b"Auto-Submitted: auto-replied", b"In-Reply-To: <<ACK:01-plain-utf8-ru.eml>>"],
        expected=ignored("Auto-Submitted"),
    )
    add(
        "37-bounce-mailer-daemon.eml",
        headers(
            b"<c37.bounce@mx.mail.kz>",
            b"Undelivered Mail Returned to Sender",
            sender=b"MAILER-DAEMON@mx.mail.kz (Mail Delivery System)",
            ctype=b'multipart/report; report-type=delivery-status; boundary="rep"',
        )
        + b"\n--rep\nContent-Type: text/plain\n\nThis is the mail system. Delivery failed.\n--rep\n"
        + b"Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; nobody@mail.kz\nStatus: 5.1.1\n--rep--\n",
        ignored("bounce"),
    )
    plain(
        "38-mailing-list.eml",
        b"<c38.list@lists.kz>",
        b"[news] Weekly digest",
        b"Digest of the week.",
        sender=b"News <news@lists.kz>",
        extra=[b"List-Id: Weekly news <news.lists.kz>", b"Precedence: bulk", b"List-Unsubscribe: <mailto:u@lists.kz>"],
        expected=ignored("Precedence: bulk"),
    )
    plain(
        "39-x-autoreply.eml",
        b"<c39.xauto@mail.ru>",
        b"Auto: thank you",
        b"Thank you, we got it.",
        extra=[b"X-Autoreply: yes"],
        expected=ignored("X-Autoreply"),
    )
    plain(
        "40-own-address-loop.eml",
        b"<c40.loop@goscorp.kz>",
        b"Your appeal is registered",
        b"Loop.",
        sender=b"UCC <support@goscorp.kz>",
        expected=ignored("loop"),
    )
    plain(
        "41-precedence-junk.eml",
        b"<c41.junk@spam.kz>",
        b"WIN A PRIZE",
        b"Click here.",
        extra=[b"Precedence: junk"],
        sender=b"spam@spam.kz",
        expected=ignored("Precedence: junk"),
    )
    plain(
        "42-postmaster.eml",
        b"<c42.pm@mail.kz>",
        b"Delivery Status Notification",
        b"Failed.",
        sender=b"postmaster@mail.kz",
        expected=ignored("bounce"),
    )
    plain(
        "43-auto-submitted-no.eml",
        b"<c43.human@mail.kz>",
        b"Written by a person",
        b"I wrote this myself.",
        extra=[b"Auto-Submitted: no"],
        sender=b"Human <human@mail.kz>",
        expected=rb("Written by a person", ["I wrote this myself."]),
    )
    plain(
        "44-x-autorespond.eml",
        b"<c44.xresp@mail.kz>",
        b"Autoresponse",
        b"Away.",
        extra=[b"X-Autorespond: Away"],
        expected=ignored("X-Autorespond"),
    )
    # --- not e-mail at all: quarantine ---------------------------------------------------------------
    add(
        "45-garbage.eml",
        bytes(random.Random(7).getrandbits(8) for _ in range(4096)).replace(b":", b";"),
        {"status": "quarantined"},
    )
    add("46-zero-byte.eml", b"", {"status": "quarantined"})
    add(
        "47-no-sender.eml",
        b"To: support@goscorp.kz\nSubject: who am I\nMessage-ID: <c47@x>\n\nNo From at all.\n",
        {"status": "quarantined"},
    )
    add(
        "48-text-file.eml",
        "Это просто текстовый файл, а не письмо.\nВторая строка.\n".encode(),
        {"status": "quarantined"},
    )
    plain(
        "49-invalid-sender-address.eml",
        b"<c49.badaddr@mail.kz>",
        b"Bad reply address",
        b"My address is broken.",
        sender=b"Broken <broken@@mail..kz>",
        expected=rb("Bad reply address", ["My address is broken."], acknowledged=False),
    )
    plain(
        "50-long-folded-subject.eml",
        b"<c50.folded@mail.kz>",
        enc_word("Очень длинная тема письма о получении ") + b"\n\t" + enc_word("справки о составе семьи"),
        "Нужна справка о составе семьи.".encode(),
        expected=rb("Очень длинная тема письма о получении справки о составе семьи", ["справка о составе семьи"]),
    )


def main():
    build()
    for old in HERE.glob("*.eml"):
        old.unlink()
    for name, raw in FILES.items():
        (HERE / name).write_bytes(raw)
    with open(HERE / "expected.json", "w", encoding="utf-8") as out:
        json.dump(EXPECTED, out, ensure_ascii=False, indent=1, sort_keys=True)
        out.write("\n")
    print(f"{len(FILES)} files written to {HERE}")


if __name__ == "__main__":
    main()
