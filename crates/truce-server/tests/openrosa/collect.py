#!/usr/bin/env python3
"""A phone that nobody here wrote: files a report to a running Truce server
over OpenRosa, as ODK Collect does, with tools written elsewhere.

- `requests` speaks HTTP and RFC 2617 Digest (its HTTPDigestAuth answers the
  server's challenge; this script computes no hash itself);
- ODK Validate (JavaRosa, shipped inside pyxform) checks the XForm the
  server serves;
- pyxform compiles the XLSForm shipped in forms/ and its instance is
  compared with the served form's, element by element.

Usage: collect.py BASE_URL DEVICE SECRET PHOTO XLSFORM [FORM_ID [CASE]]
(FORM_ID: the form of the list to fill, the first by default; CASE: the
site observation's case.)
Prints one JSON object: the instanceID, and the server's messages.
Exits non-zero, saying why, on any departure from the protocol.
"""

import datetime
import hashlib
import json
import os
import sys
import tempfile
import uuid
import xml.etree.ElementTree as ET

import requests
from requests.auth import HTTPDigestAuth
from pyxform import xls2xform
from pyxform.validators import odk_validate

XF = "{http://www.w3.org/2002/xforms}"
H = "{http://www.w3.org/1999/xhtml}"
LIST = "{http://openrosa.org/xforms/xformsList}"


def fail(why):
    print(why, file=sys.stderr)
    sys.exit(1)


def expect(response, status, what):
    if response.status_code != status:
        fail(f"{what}: expected {status}, got {response.status_code}: {response.text}")
    if response.headers.get("X-OpenRosa-Version") != "1.0":
        fail(f"{what}: no X-OpenRosa-Version: 1.0 header")
    return response


def instance_leaves(xform_text):
    """The leaf element names of a form's primary instance, in order, but meta."""
    root = ET.fromstring(xform_text)
    instance = root.find(f"{H}head/{XF}model/{XF}instance")
    data = list(instance)[0]
    return [e.tag.split("}")[-1] for e in data.iter() if len(e) == 0 and "meta" not in e.tag and e is not data
            and e.tag.split("}")[-1] not in ("instanceID", "instanceName")], data


def main():
    base, device, secret, photo_path, xlsform = sys.argv[1:6]
    wanted = sys.argv[6] if len(sys.argv) > 6 else None
    case = sys.argv[7] if len(sys.argv) > 7 else ""
    phone = requests.Session()
    phone.auth = HTTPDigestAuth(device, secret)
    phone.headers["X-OpenRosa-Version"] = "1.0"
    project = f"{base}/v1/projects/1"

    listing = expect(phone.get(f"{project}/formList"), 200, "formList")
    listed = ET.fromstring(listing.content).findall(f"{LIST}xform")
    xform = next((x for x in listed if wanted in (None, x.findtext(f"{LIST}formID"))), None)
    if xform is None:
        fail(f"formList does not offer {wanted}: {listing.text}")
    form_id = xform.findtext(f"{LIST}formID")
    version = xform.findtext(f"{LIST}version")
    form = expect(phone.get(xform.findtext(f"{LIST}downloadUrl")), 200, "form download")
    if xform.findtext(f"{LIST}hash") != "md5:" + hashlib.md5(form.content).hexdigest():
        fail("the form's MD5 is not the hash the form list gives")

    # ODK Validate (JavaRosa) on the form exactly as served.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "served.xml")
        with open(path, "wb") as f:
            f.write(form.content)
        warnings = odk_validate.check_xform(path)

    # The shipped XLSForm, compiled by pyxform (and validated), has the instance the server serves.
    compiled = xls2xform.convert(xlsform=xlsform, validate=True).xform
    served_leaves, template = instance_leaves(form.text)
    compiled_leaves, _ = instance_leaves(compiled)
    if served_leaves != compiled_leaves:
        fail(f"the served instance {served_leaves} is not pyxform's {compiled_leaves}")

    # The same words in the same six languages: every text of each
    # translation pyxform writes is in the served form's translation.
    def texts(xform_text):
        itext = ET.fromstring(xform_text).find(f"{H}head/{XF}model/{XF}itext")
        return {t.get("lang"): {(v.text or "") for v in t.iter(f"{XF}value")} for t in itext}
    served_texts, compiled_texts = texts(form.text), texts(compiled)
    if sorted(served_texts) != sorted(compiled_texts) or len(served_texts) != 6:
        fail(f"the languages differ: served {sorted(served_texts)}, pyxform {sorted(compiled_texts)}")
    for lang, values in compiled_texts.items():
        if values - served_texts[lang]:
            fail(f"{lang}: pyxform has texts the served form lacks: {sorted(values - served_texts[lang])[:5]}")

    # Fill the served instance as a person would: the first choice of each select.
    body = ET.fromstring(form.content).find(f"{H}body")
    first = {}
    for select in body:
        ref = select.get("ref", "")
        item = select.find(f"{XF}item/{XF}value")
        if item is not None:
            first[ref.rsplit("/", 1)[-1]] = item.text
    instance_id = f"uuid:{uuid.uuid4()}"
    when = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).isoformat(timespec="seconds")
    photo_name = os.path.basename(photo_path)
    answers = {
        "accused": first["accused"],
        "provisions": first["provisions"],
        "acts": first["acts"],
        "occurred_at": when,
        "visited_at": when,
        "case": case,
        "observed": first.get("observed", ""),
        "sector": first.get("sector", ""),
        "location": "30.92 66.45 1200 5",
        "place_name": "Chaman",
        "summary": "Filed by a phone written elsewhere",
        "civilians_killed_known": "unknown",
        "combatants_killed_known": "known",
        "combatants_killed_low": "0",
        "combatants_killed_best": "1",
        "combatants_killed_high": "2",
        "photo1": photo_name,
    }
    ET.register_namespace("", "http://www.w3.org/2002/xforms")
    for element in template.iter():
        name = element.tag.split("}")[-1]
        if name in answers:
            element.text = answers[name]
        elif name == "instanceID":
            element.text = instance_id
    # Collect writes the instance without the XForms namespace.
    xml = ET.tostring(template, encoding="unicode").replace(' xmlns="http://www.w3.org/2002/xforms"', "")
    xml = xml.replace("ns0:", "").replace(":ns0", "")
    if f'id="{form_id}"' not in xml or f'version="{version}"' not in xml:
        fail(f"the instance lost its form id or version: {xml}")

    submission = f"{project}/submission"
    probe = expect(phone.head(submission), 204, "HEAD submission")
    if "X-OpenRosa-Accept-Content-Length" not in probe.headers:
        fail("HEAD submission: no X-OpenRosa-Accept-Content-Length")
    with open(photo_path, "rb") as f:
        photo = f.read()
    files = {
        "xml_submission_file": ("submission.xml", xml.encode(), "text/xml"),
        photo_name: (photo_name, photo, "image/jpeg"),
    }
    first_post = expect(phone.post(submission, files=files), 201, "POST submission")
    resend = expect(phone.post(submission, files=files), 201, "resend")
    messages = [ET.fromstring(r.content).findtext("{http://openrosa.org/http/response}message")
                for r in (first_post, resend)]
    print(json.dumps({"instance_id": instance_id, "messages": messages, "validate_warnings": str(warnings)}))


if __name__ == "__main__":
    main()
