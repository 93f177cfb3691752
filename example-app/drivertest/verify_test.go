package drivertest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"math/big"

	"github.com/go-jose/go-jose/v4"

	"github.com/pingflow/pingflow/flowcore"
)

// verifySignature is the host's part of flowcore.EffectVerify, as WebCrypto does it in the
// bridge: the JWK imported, the signature over the signing input checked.
func verifySignature(v *flowcore.Verify) flowcore.CeremonyResult {
	var key jose.JSONWebKey
	if err := key.UnmarshalJSON(v.Key); err != nil {
		return flowcore.CeremonyResult{Error: "DataError", Message: err.Error()}
	}
	sig, err := base64.RawURLEncoding.DecodeString(v.Signature)
	if err != nil {
		return flowcore.CeremonyResult{}
	}
	sum := sha256.Sum256([]byte(v.SigningInput))
	switch k := key.Key.(type) {
	case *rsa.PublicKey:
		return flowcore.CeremonyResult{Valid: v.Alg == "RS256" && rsa.VerifyPKCS1v15(k, crypto.SHA256, sum[:], sig) == nil}
	case *ecdsa.PublicKey:
		if len(sig) != 64 {
			return flowcore.CeremonyResult{}
		}
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return flowcore.CeremonyResult{Valid: v.Alg == "ES256" && ecdsa.Verify(k, sum[:], r, s)}
	}
	return flowcore.CeremonyResult{Error: "NotSupportedError"}
}
