"""https:// to the provider: checked against the system's certificates and the files named by
SSL_CERT_FILE / REQUESTS_CA_BUNDLE (a shop's own CA), refused when nothing trusts the server."""

from __future__ import annotations

import datetime
import ipaddress
import re
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pytest_httpserver import HTTPServer

from loyaltydesk.domain.sms import Outcome
from loyaltydesk.services.sms_provider import Kavenegar, ProviderError

from .kavenegar_server import API_KEY, FakeKavenegar


def _name(text):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A CA of our own and a server certificate for 127.0.0.1 it signed."""
    folder = tmp_path_factory.mktemp("tls")
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("LoyaltyDesk test CA")).issuer_name(_name("LoyaltyDesk test CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                          serialization.PrivateFormat.PKCS8,
                                                          serialization.NoEncryption()))
    return folder


@pytest.fixture
def tls_fake(certificates):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "server.pem", certificates / "server.key")
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context, threaded=True)
    fake = FakeKavenegar(server)
    server.expect_request(re.compile(".*")).respond_with_handler(fake.handle)
    server.start()
    yield fake
    server.stop()


def test_a_server_nothing_trusts_is_refused_with_the_key_masked(tls_fake, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    provider = Kavenegar(API_KEY, f"https://127.0.0.1:{tls_fake.server.port}", timeout=(2, 2))
    with pytest.raises(ProviderError) as e:
        provider.balance()
    assert e.value.outcome is Outcome.RETRY and "SSLError" in str(e.value) and API_KEY not in str(e.value)
    assert tls_fake.calls == []


@pytest.mark.parametrize("variable", ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"])
def test_the_shops_own_ca_named_in_the_environment_is_trusted(tls_fake, certificates, monkeypatch, variable):
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.setenv(variable, str(certificates / "ca.pem"))
    provider = Kavenegar(API_KEY, f"https://127.0.0.1:{tls_fake.server.port}", timeout=(2, 2))
    assert provider.balance() == 10_000_000
    assert [c[0] for c in tls_fake.calls] == ["info"]
