/** The review of a fleet before it is created: every resource and what it is for, the cost, what Delete removes. */
import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import type { FleetPlan } from '../../../electron/common/models';
import { formatUsdPerHour } from '../launch-wizard/instance-price';

export function FleetReview({ plan, hasLoadBalancer }: { plan: FleetPlan; hasLoadBalancer: boolean }) {
  const { atMin, atMax } = plan.costPerHour;
  return (
    <div data-testid="fleet-review">
      <Container
        header={
          <Header variant="h2" description="Checked against AWS; nothing exists yet.">
            Review
          </Header>
        }
      >
        <SpaceBetween size="l">
          <Table
            data-testid="fleet-plan-resources"
            variant="embedded"
            wrapLines
            items={plan.resources}
            trackBy={(r) => `${r.kind}:${r.name}`}
            header={
              <Header variant="h3" counter={`(${plan.resources.length})`}>
                What Kiln creates
              </Header>
            }
            columnDefinitions={[
              { id: 'kind', header: 'Resource', cell: (r) => r.kind, isRowHeader: true },
              { id: 'name', header: 'Name', cell: (r) => <code>{r.name}</code> },
              { id: 'purpose', header: 'What it is for', cell: (r) => r.purpose },
            ]}
          />
          <ColumnLayout columns={2} variant="text-grid">
            <div>
              <Box variant="awsui-key-label">Cost per hour at the minimum</Box>
              <div data-testid="fleet-cost-min" data-value={atMin ?? ''}>
                {formatUsdPerHour(atMin)}
              </div>
            </div>
            <div>
              <Box variant="awsui-key-label">Cost per hour at the maximum</Box>
              <div data-testid="fleet-cost-max" data-value={atMax ?? ''}>
                {formatUsdPerHour(atMax)}
              </div>
            </div>
          </ColumnLayout>
          <Box variant="small">
            On-demand Linux prices{hasLoadBalancer ? ', plus the load balancer’s hourly charge (traffic aside)' : ''};
            an estimate.
          </Box>
          <div data-testid="fleet-delete-order">
            <Box variant="awsui-key-label">What Delete removes, in order</Box>
            <ol className="kiln-plain-list">
              {plan.deleteOrder.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
          </div>
        </SpaceBetween>
      </Container>
    </div>
  );
}
