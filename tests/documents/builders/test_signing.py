"""Digital signature readiness: the signer signs the empty field with pyHanko and the signature validates."""

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from documents.builders.decision import build_decision_pdf

from ..helpers import district_decision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def throwaway_certificate(tmp_path):
    """A self-signed signing certificate for 'Phạm Quốc Khánh', valid for a day, written as PEM files."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, "Phạm Quốc Khánh"), x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def test_the_decision_is_signed_in_its_empty_field_and_the_signature_validates(demo, tmp_path):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    decision, _practices = district_decision(demo)
    pdf = build_decision_pdf(decision)[2]
    key_file, cert_file = throwaway_certificate(tmp_path)
    signer = signers.SimpleSigner.load(str(key_file), str(cert_file), key_passphrase=None)
    signed = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        # existing_fields_only: the signature must land in the field the document kept, not a new one.
        signers.PdfSignatureMetadata(field_name="ChuKy", reason="Ký ban hành quyết định"),
        signer=signer,
        existing_fields_only=True,
    )
    reader = PdfFileReader(signed)
    (signature,) = reader.embedded_signatures
    assert signature.field_name == "ChuKy"
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_file))]))
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage.name == "ENTIRE_FILE"
    assert "Phạm Quốc Khánh" in status.signing_cert.subject.human_friendly
