/** A path the app does not know (an old bookmark, a typo): say so and link back to the launches. */
import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { useNavigate } from 'react-router';
import { appHref, paths } from './routes';

export function NotFoundView({ path }: { path: string }) {
  const navigate = useNavigate();
  return (
    <SpaceBetween size="m">
      <Header variant="h1">No such page</Header>
      <Box>
        Kiln has no page at {path}.{' '}
        <Link
          href={appHref(paths.launches)}
          onFollow={(event) => {
            event.preventDefault();
            void navigate(paths.launches);
          }}
        >
          Go to the launches
        </Link>
      </Box>
    </SpaceBetween>
  );
}
