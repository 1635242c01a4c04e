package deploy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"dunban/infra/cfn"
)

// IAM is the part of the IAM API the China preflight uses.
type IAM interface {
	iam.ListServerCertificatesAPIClient
}

// certPath is where CloudFront looks for IAM server certificates.
const certPath = "/cloudfront/"

// preflight refuses, before anything is built, a deploy the stack would
// refuse or that would leave an unreachable portal: the template's Rules
// evaluated for this region and these parameters (in AWS China: an ICP-filed
// PortalDomain and its certificate), and in AWS China the certificate itself,
// which must be in IAM under /cloudfront/.
func (d *Deployer) preflight(ctx context.Context, current map[string]string) error {
	tpl, err := cfn.Parse(d.Template)
	if err != nil {
		return err
	}
	vals := d.effective(current)
	vals["AWS::Region"] = d.Config.Region
	broken, err := tpl.BrokenRules(vals)
	if err != nil {
		return err
	}
	if len(broken) > 0 {
		return fmt.Errorf("the stack would refuse these parameters in %s; nothing was built or changed:\n  - %s%s",
			d.Config.Region, strings.Join(broken, "\n  - "), d.chinaHint())
	}
	if partition, _ := Partition(d.Config.Region); partition != "aws-cn" {
		return nil
	}
	return d.checkCertificate(ctx, vals["IamCertificateId"], vals["PortalDomain"])
}

// effective returns the parameter values this deploy will run with: set
// now, else kept from the stack, else the template's default (added by the
// rules' evaluation).
func (d *Deployer) effective(current map[string]string) cfn.Values {
	vals := cfn.Values{}
	for k, v := range current {
		vals[k] = v
	}
	for k, v := range d.Config.Params {
		vals[k] = v
	}
	return vals
}

func (d *Deployer) chinaHint() string {
	if partition, _ := Partition(d.Config.Region); partition != "aws-cn" {
		return ""
	}
	return "\nIn AWS China: file the domain with the MIIT (ICP 备案) through your China account's operator, upload its certificate with\n" +
		"  aws iam upload-server-certificate --path /cloudfront/dunban/ --server-certificate-name dunban-portal --certificate-body file://cert.pem --private-key file://key.pem --certificate-chain file://chain.pem\n" +
		"then deploy with DEPLOY_FLAGS=\"-param PortalDomain=<domain> -param IamCertificateId=<ServerCertificateId>\" (see infra/README.md, AWS China)"
}

// checkCertificate makes sure IAM holds the certificate under /cloudfront/
// and that it has not expired.
func (d *Deployer) checkCertificate(ctx context.Context, id, domain string) error {
	if d.Config.DryRun {
		d.printf("would check that IAM holds server certificate %s under %s, not expired (CloudFront in China reads only that path)\n", id, certPath)
		return nil
	}
	p := iam.NewListServerCertificatesPaginator(d.IAM, &iam.ListServerCertificatesInput{PathPrefix: aws.String(certPath)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list IAM server certificates under %s: %w", certPath, err)
		}
		for _, c := range page.ServerCertificateMetadataList {
			if aws.ToString(c.ServerCertificateId) != id {
				continue
			}
			exp := aws.ToTime(c.Expiration)
			if !exp.After(d.now()) {
				return fmt.Errorf("IAM server certificate %s (%s) for %s expired on %s; upload a new one under %s", id, aws.ToString(c.ServerCertificateName), domain, exp.Format(time.DateOnly), certPath)
			}
			d.printf("certificate %s (%s%s) for %s: in IAM under %s, valid until %s\n", id, aws.ToString(c.Path), aws.ToString(c.ServerCertificateName), domain, certPath, exp.Format(time.DateOnly))
			return nil
		}
	}
	return fmt.Errorf("IAM holds no server certificate %s under the path %s (CloudFront in AWS China reads only that path); nothing was built or changed%s", id, certPath, d.chinaHint())
}

// chinaPlan prints, in a China dry run, the addresses the deploy will
// produce and what must be filed for them.
func (d *Deployer) chinaPlan(params cfn.Values) {
	domain := params["PortalDomain"]
	d.printf("AWS China plan:\n")
	d.printf("  portal:        https://%s (ICP-filed; CNAME %s → <distribution>.cloudfront.cn, the DistributionDomainName output)\n", domain, domain)
	d.printf("  forms and API: https://%s%s/ → CloudFront → https://<api-id>.execute-api.%s.amazonaws.com.cn/api\n", domain, API, d.Config.Region)
	d.printf("  certificate:   IAM server certificate %s under %s\n", params["IamCertificateId"], certPath)
	d.printf("  filing:        the domain's ICP filing (备案) must name this AWS China account's operator (Sinnet, Beijing; NWCD, Ningxia);\n")
	d.printf("                 the account's API Gateway serves unauthenticated requests only once the account is ICP-associated;\n")
	d.printf("                 put the filing number (京ICP备…号) in the portal's footer, as the rules ask.\n")
}
