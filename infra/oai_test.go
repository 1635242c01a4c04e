package infra_test

import (
	"strings"
	"testing"

	"dunban/infra"
	"dunban/infra/cfn"
)

// TestOriginAccessIdentityVariant checks the template a region without
// Origin Access Control gets: it passes every check but the OAC one, and its
// private site bucket is readable only through this distribution's identity.
func TestOriginAccessIdentityVariant(t *testing.T) {
	data, err := infra.WithOriginAccessIdentity(infra.Template)
	if err != nil {
		t.Fatal(err)
	}
	tpl := parse(t, data)
	for _, c := range checks {
		if c.name == "site served through OAC" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			for _, p := range c.fn(tpl) {
				t.Error(p)
			}
		})
	}
	t.Run("site served through OAI", func(t *testing.T) {
		for _, p := range siteThroughOAI(tpl) {
			t.Error(p)
		}
	})
}

func siteThroughOAI(tpl *cfn.Template) (bad []string) {
	if n := len(tpl.Typed.GetAllCloudFrontOriginAccessControlResources()); n != 0 {
		bad = append(bad, "the variant still has an origin access control")
	}
	if _, err := tpl.Typed.GetCloudFrontCloudFrontOriginAccessIdentityWithName("SiteOriginAccessIdentity"); err != nil {
		bad = append(bad, err.Error())
	}
	d, err := tpl.Typed.GetCloudFrontDistributionWithName("Distribution")
	if err != nil {
		return append(bad, err.Error())
	}
	for _, o := range d.DistributionConfig.Origins {
		if o.Id != "site" {
			continue
		}
		if o.S3OriginConfig == nil || cfn.Show(*o.S3OriginConfig.OriginAccessIdentity) != "!Sub origin-access-identity/cloudfront/${SiteOriginAccessIdentity}" || o.OriginAccessControlId != nil {
			bad = append(bad, "origin "+o.Id+" does not read through the origin access identity")
		}
	}
	var readers []string
	for _, st := range policyOf(tpl, "SiteBucket") {
		if st.Effect == "Allow" {
			p, _ := st.Principal.(map[string]any)
			user, _ := p["CanonicalUser"].(string)
			readers = append(readers, cfn.Show(user)+" "+strings.Join(st.Actions, ","))
		}
	}
	if strings.Join(readers, ";") != "!GetAtt SiteOriginAccessIdentity.S3CanonicalUserId s3:GetObject,s3:ListBucket" {
		bad = append(bad, "site bucket readers: "+strings.Join(readers, ";"))
	}
	return bad
}
