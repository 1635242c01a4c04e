package infra

import (
	"bytes"
	"fmt"
)

// oaiParts replace the marked Origin Access Control parts of the template
// with an origin access identity, for regions whose CloudFormation lacks
// AWS::CloudFront::OriginAccessControl (the China regions lagged behind).
var oaiParts = map[string]string{
	"oac-read": `          - Sid: CloudFrontReadsThroughOAI
            Effect: Allow
            Principal:
              CanonicalUser: !GetAtt SiteOriginAccessIdentity.S3CanonicalUserId
            # ListBucket: a missing page is 404 (see the OAC statement).
            Action: [s3:GetObject, s3:ListBucket]
            Resource: [!GetAtt SiteBucket.Arn, !Sub "${SiteBucket.Arn}/*"]
`,
	"oac-resource": `  SiteOriginAccessIdentity:
    Type: AWS::CloudFront::CloudFrontOriginAccessIdentity
    Properties:
      CloudFrontOriginAccessIdentityConfig:
        Comment: !Sub "${AWS::StackName}: the only reader of the private site bucket"
`,
	"oac-origin": `            S3OriginConfig:
              OriginAccessIdentity: !Sub "origin-access-identity/cloudfront/${SiteOriginAccessIdentity}"
`,
}

// WithOriginAccessIdentity returns the template with its site bucket read
// through a CloudFront origin access identity instead of Origin Access
// Control: still private, still readable by this distribution only.
func WithOriginAccessIdentity(template []byte) ([]byte, error) {
	out := template
	for name, part := range oaiParts {
		begin := []byte("# BEGIN " + name + "\n")
		end := []byte("# END " + name + "\n")
		i, j := bytes.Index(out, begin), bytes.Index(out, end)
		if i < 0 || j < i {
			return nil, fmt.Errorf("template lacks the %s markers", name)
		}
		start := bytes.LastIndexByte(out[:i], '\n') + 1 // the marker line's indentation
		out = append(append(append([]byte(nil), out[:start]...), part...), out[j+len(end):]...)
	}
	return out, nil
}
